import type { Rule } from '../../rule';
import invalidStopSignal from './invalid-stop-signal';
import missingInit from './missing-init';
import ptraceCapability from './ptrace-capability';
import readOnlyWithoutTmp from './read-only-without-tmp';
import rootUser from './root-user';
import securityDisabled from './security-disabled';
import stopTimeout from './stop-timeout';
import uncatchableStopSignal from './uncatchable-stop-signal';

/** The run rules (docker run / docker create / podman run command lines), one per file in this folder. */
export const runRules: Rule<'run'>[] = [
  invalidStopSignal, missingInit, ptraceCapability, readOnlyWithoutTmp, rootUser, securityDisabled, stopTimeout, uncatchableStopSignal,
];
