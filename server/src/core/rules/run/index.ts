import type { Rule } from '../../rule';
import ptraceCapability from './ptrace-capability';
import rootUser from './root-user';
import securityDisabled from './security-disabled';

/** The run rules (`docker run` / `docker create` / `podman run` command lines), one per file in this folder. */
export const runRules: Rule<'run'>[] = [ptraceCapability, rootUser, securityDisabled];
