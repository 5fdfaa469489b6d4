import { installDataKeys, newDataKey } from '../../src/privacy/crypto';

/** A fresh DATA_KEY for each test file; tests of rotation install their own. */
export const TEST_DATA_KEY = newDataKey();
installDataKeys(TEST_DATA_KEY);
