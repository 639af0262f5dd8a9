/**
 * Docker's security options (`docker run --security-opt`, compose `security_opt:`) that turn a
 * confinement off. Parsed as the Docker CLI and Compose parse them (docker/cli
 * `parseSecurityOpts`, moby `parseSecurityOpt`): `key=value`, or the deprecated `key:value`
 * when there is no `=`; keys and the special values are case-sensitive (`seccomp=Unconfined` is
 * read as a profile file name and fails).
 */

export type Confinement = 'seccomp' | 'apparmor' | 'selinux';

export interface DisabledOpt {
  kind: Confinement;
  /** The option as written (after `${VAR:-default}` substitution by the caller). */
  text: string;
}

/**
 * The confinement `opt` turns off: `seccomp=unconfined`, `apparmor=unconfined`, `label=disable`,
 * or `label=type:spc_t` (the SELinux type Docker and Podman give a container whose label
 * separation is off: an unconfined domain). Each also with `:` as the separator.
 */
export function disabledConfinement(opt: string): DisabledOpt | undefined {
  const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
  if (!sep) return undefined;
  const i = opt.indexOf(sep);
  const key = opt.slice(0, i), value = opt.slice(i + 1);
  if (key === 'seccomp' && value === 'unconfined') return { kind: 'seccomp', text: opt };
  if (key === 'apparmor' && value === 'unconfined') return { kind: 'apparmor', text: opt };
  if (key === 'label' && (value === 'disable' || value === 'type:spc_t')) return { kind: 'selinux', text: opt };
  return undefined;
}
