import { h } from 'preact';
import htm from 'htm';

/** JSX-like templates without a compile step of their own: htm turns tagged templates into Preact calls. */
export const html = htm.bind(h);
