/** Find an element of the page by id; the page's HTML defines every id the script uses. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The journal page has no element #${id}.`);
  return element as T;
}

/** Create an element whose content is `text`, never parsed as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  className = '',
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.textContent = text;
  if (className !== '') created.className = className;
  return created;
}

/** Replace the options of a select, keeping `selected` even when no record has it yet. */
export function fillSelect(
  select: HTMLSelectElement,
  anyLabel: string,
  values: readonly string[],
  selected: string,
): void {
  const options = [element('option', anyLabel)];
  options[0].value = '';
  const all = selected === '' || values.includes(selected) ? values : [...values, selected];
  for (const value of all) {
    const option = element('option', value);
    option.value = value;
    options.push(option);
  }
  select.replaceChildren(...options);
  select.value = selected;
}
