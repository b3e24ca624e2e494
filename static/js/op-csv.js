// op-csv.js: splits a register file into records and parts for the import,
// keeping every record's line in the file so the server names the lines of
// the whole file. Quoted fields may hold commas and line breaks.

/**
 * The header and the records (raw text, with their first line). Empty lines
 * stay (as empty records), so the lines after them keep their numbers.
 * @param {string} text
 * @returns {{header: string, records: {text: string, line: number}[]}}
 */
export function splitRecords(text) {
  const src = text.replace(/^\uFEFF/, '');
  /** @type {{text: string, line: number}[]} */
  const all = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n') {
      if (!quoted) {
        all.push({ text: src.slice(start, i).replace(/\r$/, ''), line: startLine });
        start = i + 1;
        startLine = line + 1;
      }
      line++;
    }
  }
  if (start < src.length) all.push({ text: src.slice(start).replace(/\r$/, ''), line: startLine });
  const [head, ...records] = all;
  return { header: head ? head.text : '', records };
}

/**
 * The records in parts of at most size non-empty rows, each with the header
 * and the line of its first record.
 * @param {string} header
 * @param {{text: string, line: number}[]} records
 * @param {number} size
 */
export function parts(header, records, size) {
  /** @type {{text: string, firstLine: number}[]} */
  const out = [];
  for (let i = 0; i < records.length;) {
    const first = records[i].line;
    const body = [];
    let n = 0;
    for (; i < records.length && n < size; i++) {
      body.push(records[i].text);
      if (records[i].text !== '') n++;
    }
    if (n > 0) out.push({ text: `${header}\n${body.join('\n')}\n`, firstLine: first });
  }
  return out;
}
