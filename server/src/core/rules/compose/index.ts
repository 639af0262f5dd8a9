import type { Rule } from '../../rule';
import invalidStopSignal from './invalid-stop-signal';
import missingInit from './missing-init';
import obsoleteVersion from './obsolete-version';
import packageManagerStart from './package-manager-start';
import ptraceCapability from './ptrace-capability';
import readOnlyWithoutTmp from './read-only-without-tmp';
import rootUser from './root-user';
import securityDisabled from './security-disabled';
import shellPid1 from './shell-pid1';
import stopGracePeriod from './stop-grace-period';
import tmpNotTmpfs from './tmp-not-tmpfs';
import uncatchableStopSignal from './uncatchable-stop-signal';
import tmpdirNotWritable from './tmpdir-not-writable';
import tmpdirUnset from './tmpdir-unset';

/** The compose rules, one per file in this folder. */
export const composeRules: Rule<'compose'>[] = [
  invalidStopSignal, missingInit, obsoleteVersion, packageManagerStart, ptraceCapability, readOnlyWithoutTmp, rootUser, securityDisabled, shellPid1, stopGracePeriod, tmpNotTmpfs, tmpdirNotWritable, tmpdirUnset, uncatchableStopSignal,
];
