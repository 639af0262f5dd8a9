/** Side effect: the test-only rules join the registry before the product modules run. */
import { injectFakeRules } from './fake-rules';

injectFakeRules();
