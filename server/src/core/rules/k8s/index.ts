import type { Rule } from '../../rule';
import ptraceCapability from './ptrace-capability';
import readOnlyWithoutTmp from './read-only-without-tmp';
import rootUser from './root-user';
import shellPid1 from './shell-pid1';
import tmpNotMounted from './tmp-not-mounted';
import zeroGracePeriod from './zero-grace-period';

/** The k8s rules, one per file in this folder. */
export const k8sRules: Rule<'k8s'>[] = [ptraceCapability, readOnlyWithoutTmp, rootUser, shellPid1, tmpNotMounted, zeroGracePeriod];
