// A form's message line (a status region beside the action): what happened, or what went wrong.

export function showFormMessage(
  target: HTMLElement,
  text: string,
  tone?: 'success' | 'error',
): void {
  target.textContent = text;
  if (tone) target.dataset.tone = tone;
  else target.removeAttribute('data-tone');
}
