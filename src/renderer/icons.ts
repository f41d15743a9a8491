// The window's icons: small stroke drawings built as SVG elements (no inline styles, no remote
// files), each made once and cloned. Icons are decorative: the text beside them carries meaning.

const SVG = 'http://www.w3.org/2000/svg';

type Shape =
  ['path', string] | ['circle', number, number, number] | ['rect', number, number, number, number];

const SHAPES = {
  check: [['path', 'M5 12.5l4.5 4.5L19 7.5']],
  clock: [
    ['circle', 12, 12, 9],
    ['path', 'M12 7v5l3.2 2'],
  ],
  retry: [
    ['path', 'M20 11a8 8 0 0 0-14.6-4.5'],
    ['path', 'M4 3v4h4'],
    ['path', 'M4 13a8 8 0 0 0 14.6 4.5'],
    ['path', 'M20 21v-4h-4'],
  ],
  question: [
    ['circle', 12, 12, 9],
    ['path', 'M9.6 9.4a2.5 2.5 0 1 1 3.4 2.4c-.6.3-1 .8-1 1.5v.4'],
    ['path', 'M12 17h.01'],
  ],
  stop: [
    ['circle', 12, 12, 9],
    ['path', 'M9 9l6 6M15 9l-6 6'],
  ],
  alert: [
    ['path', 'M12 3.5l9 16h-18z'],
    ['path', 'M12 10v4'],
    ['path', 'M12 17h.01'],
  ],
  info: [
    ['circle', 12, 12, 9],
    ['path', 'M12 11v5'],
    ['path', 'M12 8h.01'],
  ],
  copy: [
    ['rect', 9, 9, 11, 11],
    ['path', 'M15 9V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h3'],
  ],
  external: [
    ['path', 'M14 4h6v6'],
    ['path', 'M20 4l-9 9'],
    ['path', 'M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5'],
  ],
  trash: [
    ['path', 'M4 7h16'],
    ['path', 'M10 11v6M14 11v6'],
    ['path', 'M6 7l1 13h10l1-13'],
    ['path', 'M9 7V4h6v3'],
  ],
  play: [['path', 'M8 5l11 7-11 7z']],
  pause: [['path', 'M9 5v14M15 5v14']],
  settings: [
    ['path', 'M4 7h9M17 7h3M4 17h3M11 17h9'],
    ['circle', 15, 7, 2],
    ['circle', 9, 17, 2],
  ],
  search: [
    ['circle', 11, 11, 6.5],
    ['path', 'M20 20l-4.2-4.2'],
  ],
  bolt: [['path', 'M13 3L5 13.5h6L10 21l8-10.5h-6z']],
  plus: [['path', 'M12 5v14M5 12h14']],
  logo: [
    ['circle', 12, 12, 9],
    ['path', 'M8 12.5l2.7 2.7L16.5 9'],
  ],
} satisfies Record<string, readonly Shape[]>;

export type IconName = keyof typeof SHAPES;

const made = new Map<IconName, SVGSVGElement>();

function draw(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}`);
  for (const shape of SHAPES[name] as readonly Shape[]) {
    const element = document.createElementNS(SVG, shape[0]);
    if (shape[0] === 'path') element.setAttribute('d', shape[1]);
    else if (shape[0] === 'circle') {
      element.setAttribute('cx', String(shape[1]));
      element.setAttribute('cy', String(shape[2]));
      element.setAttribute('r', String(shape[3]));
    } else {
      element.setAttribute('x', String(shape[1]));
      element.setAttribute('y', String(shape[2]));
      element.setAttribute('width', String(shape[3]));
      element.setAttribute('height', String(shape[4]));
      element.setAttribute('rx', '2');
    }
    svg.append(element);
  }
  return svg;
}

export function createIcon(name: IconName): SVGSVGElement {
  let template = made.get(name);
  if (!template) {
    template = draw(name);
    made.set(name, template);
  }
  return template.cloneNode(true) as SVGSVGElement;
}

/** Replaces every `<span data-icon="name">` placeholder of the static page with its icon. */
export function fillIconPlaceholders(root: ParentNode): void {
  for (const slot of root.querySelectorAll<HTMLElement>('[data-icon]')) {
    const name = slot.dataset.icon as IconName;
    if (!(name in SHAPES)) continue;
    const icon = createIcon(name);
    for (const extra of slot.classList) icon.classList.add(extra);
    slot.replaceWith(icon);
  }
}
