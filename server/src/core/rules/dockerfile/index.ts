import type { Rule } from '../../rule';
import invalidStopsignal from './invalid-stopsignal';
import missingInit from './missing-init';
import rootUser from './root-user';
import scratchWithoutTmp from './scratch-without-tmp';
import shellForm from './shell-form';
import shellPid1 from './shell-pid1';
import packageManagerStart from './package-manager-start';
import uncatchableStopsignal from './uncatchable-stopsignal';

/** The dockerfile rules, one per file in this folder. */
export const dockerfileRules: Rule<'dockerfile'>[] = [invalidStopsignal, missingInit, rootUser, scratchWithoutTmp, shellForm, shellPid1, packageManagerStart, uncatchableStopsignal];
