// Shows the API's message for one form field under it (errors[] of a 400/409 answer), linked for screen readers.
import { Component, input } from '@angular/core';

@Component({
  selector: 'bh-field-error',
  template: `@if (message()) {<div class="invalid-feedback d-block" [id]="id()" role="alert">{{ message() }}</div>}`,
})
export class FieldError {
  readonly message = input<string | undefined>();
  readonly id = input<string>('');
}
