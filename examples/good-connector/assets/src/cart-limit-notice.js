// <cart-limit-notice max="10" lang="de">: a custom element that renders the per-item limit notice.
import { formatLimitMessage } from './format.js';

export class CartLimitNotice extends HTMLElement {
  static observedAttributes = ['max', 'lang'];

  connectedCallback() {
    this.setAttribute('role', 'note');
    this.render();
  }

  attributeChangedCallback() {
    this.render();
  }

  render() {
    const max = Number(this.getAttribute('max'));
    const message = formatLimitMessage(max, this.getAttribute('lang') ?? navigator.language);
    this.textContent = message;
    this.hidden = message === '';
  }
}

if (!customElements.get('cart-limit-notice')) customElements.define('cart-limit-notice', CartLimitNotice);
