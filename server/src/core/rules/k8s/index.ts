import type { Rule } from '../../rule';
import missingInit from './missing-init';
import packageManagerStart from './package-manager-start';
import prestopExceedsGrace from './prestop-exceeds-grace';
import ptraceCapability from './ptrace-capability';
import readOnlyWithoutTmp from './read-only-without-tmp';
import rootUser from './root-user';
import securityDisabled from './security-disabled';
import shellPid1 from './shell-pid1';
import tmpNotMounted from './tmp-not-mounted';
import zeroGracePeriod from './zero-grace-period';

/** The k8s rules, one per file in this folder. */
export const k8sRules: Rule<'k8s'>[] = [missingInit, packageManagerStart, prestopExceedsGrace, ptraceCapability, readOnlyWithoutTmp, rootUser, securityDisabled, shellPid1, tmpNotMounted, zeroGracePeriod];
