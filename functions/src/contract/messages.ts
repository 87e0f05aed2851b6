import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini ships without messages ("Invalid input" everywhere); load the English ones once, for the server
// and the SPA alike, so field errors say what is wrong. A named import: `z.locales.en()` would drag every
// language zod has (~260 KB minified) into each Lambda bundle and the SPA.
z.config(en());
