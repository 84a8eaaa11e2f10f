// The shape every area's English (and any further language) must have: the Polish area's keys, each a
// string. A key missing or misspelt in English fails `tsc`.
export type Words<T> = { readonly [K in keyof T]: string };
