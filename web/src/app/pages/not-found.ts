// The page for an address the app does not know.
import { Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'bh-not-found',
  imports: [RouterLink],
  template: `<h1 class="h3">Page not found</h1><p>There is no page at this address. <a routerLink="/">Go to the dashboard</a>.</p>`,
})
export class NotFoundPage {}
