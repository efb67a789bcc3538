// The repository's root folder, with a trailing slash, for tests at any depth under test/: a test
// names repo files as `${ROOT}docs/x.md` or join(ROOT, 'src-main') instead of counting `..`.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
