// Runs in every test file after jest is set up: what `scratchDir` made goes when the file ends.
import { removeScratchDirs } from './scratch';

afterAll(removeScratchDirs);
