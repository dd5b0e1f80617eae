// Glob patterns as settings use them (`**`, `*`, `?`, `{a,b}`, `[…]`), matched against
// workspace-relative paths with forward slashes. Enough for files.exclude-style settings.
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of directories, `**` at the end anything
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; inGroup = true; }
    else if (c === '}' && inGroup) { re += ')'; inGroup = false; }
    else if (c === ',' && inGroup) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else { re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`; i = close; }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  // A pattern without a slash (`node_modules`) matches that name at any depth, like files.exclude.
  const anywhere = !glob.includes('/') ? '(?:.*/)?' : '';
  return new RegExp(`^${anywhere}${re}(?:/.*)?$`);
}

export function compileGlobs(globs: readonly string[]): (relativePath: string) => boolean {
  const res = globs.filter(Boolean).map(globToRegExp);
  return (p) => res.some((r) => r.test(p));
}
