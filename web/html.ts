// htm bound to Preact: tagged templates instead of JSX, so the source needs no JSX step.

import htm from "htm";
import { h } from "preact";

export const html = htm.bind(h);
