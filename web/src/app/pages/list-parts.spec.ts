// Unit test of the paged lists' shared parts: PagedList against a fake server holding rows (its queries, the
// sort toggle, a page clamped after its last row was deleted, here or by someone else, the error state, a
// delete's outcome shown alone, the latest of two requests winning), then the header, row actions, pager and alerts drawn around one list, as the list pages use them.
import { HttpErrorResponse } from '@angular/common/http';
import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Observable, Subject, of, throwError } from 'rxjs';
import { Page } from '../api/api';
import { AuthService } from '../core/auth.service';
import { ListAlerts, PageQuery, PagedList, Pager, RowActions, SortHeader } from './list-parts';

interface Row {
  id: number;
  name: string;
}

/**
 * A server holding `count` rows (row 1 "name-01" …): it pages and sorts them, deletes them, and fails when told.
 * It answers at once, or, when `slow`, only when the test calls `answer(i)` (the i-th query asked while slow).
 */
class FakeServer {
  rows: Row[];
  readonly queries: PageQuery[] = [];
  failing: HttpErrorResponse | null = null;
  slow = false;
  readonly waiting: { query: PageQuery; reply: Subject<Page<Row>> }[] = [];

  constructor(count: number) {
    this.rows = Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `name-${String(i + 1).padStart(2, '0')}` }));
  }

  readonly fetch = (q: PageQuery): Observable<Page<Row>> => {
    this.queries.push(q);
    if (this.slow) {
      const reply = new Subject<Page<Row>>();
      this.waiting.push({ query: q, reply });
      return reply;
    }
    return this.pageOf(q);
  };

  /** Sends the i-th slow query its page, as the rows are now; false when nobody listens for it any more. */
  answer(i: number): boolean {
    const { query, reply } = this.waiting[i];
    const listened = reply.observed;
    this.pageOf(query).subscribe(reply);
    return listened;
  }

  private pageOf(q: PageQuery): Observable<Page<Row>> {
    if (this.failing) return throwError(() => this.failing);
    const [field, direction] = q.sort.split(',') as [keyof Row, string];
    const sorted = [...this.rows].sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0));
    if (direction === 'desc') sorted.reverse();
    const content = sorted.slice(q.page * q.size, (q.page + 1) * q.size);
    const totalPages = Math.ceil(this.rows.length / q.size);
    return of({
      content, pageSize: q.size, totalElements: this.rows.length, totalPages, numberOfElements: content.length,
      first: q.page === 0, last: q.page + 1 >= totalPages, empty: content.length === 0,
    } as Page<Row>);
  }

  readonly delete = (row: Row): Observable<unknown> => {
    if (this.failing) return throwError(() => this.failing);
    this.rows = this.rows.filter((r) => r.id !== row.id);
    return of(null);
  };

  lastQuery(): PageQuery {
    return this.queries[this.queries.length - 1];
  }
}

const refusal = (status: number, message: string) =>
  new HttpErrorResponse({ status, statusText: 'Refused', error: { message, status, errorCode: 'REFUSED' } });

function listOn(server: FakeServer, size = 10): PagedList<Row> {
  return new PagedList<Row>(server.fetch, { field: 'name', direction: 'asc' }, {
    size,
    remove: {
      question: (r) => `Delete “${r.name}”?`,
      request: (r) => server.delete(r),
      done: (r) => `“${r.name}” deleted.`,
    },
  });
}

const names = (list: PagedList<Row>) => list.page()!.content.map((r) => r.name);

describe('PagedList', () => {
  it('asks for the page, its size and the order, and shows what comes back', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    expect(list.page()).toBeNull();
    list.load(1);
    expect(server.lastQuery()).toEqual({ page: 1, size: 10, sort: 'name,asc' });
    expect(list.pageNumber()).toBe(1);
    expect(names(list)[0]).toBe('name-11');
    expect(list.page()!.totalElements).toBe(25);
    list.reload();
    expect(server.lastQuery()).toEqual({ page: 1, size: 10, sort: 'name,asc' });
  });

  it('sorts by a new column ascending, turns the order around on the same column, and goes back to page one', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    list.load(2);

    list.sortBy('name'); // the order already: ascending becomes descending
    expect(list.sorting()).toEqual({ field: 'name', direction: 'desc' });
    expect(server.lastQuery()).toEqual({ page: 0, size: 10, sort: 'name,desc' });
    expect(list.pageNumber()).toBe(0);
    expect(names(list)[0]).toBe('name-25');

    list.sortBy('name'); // and back
    expect(list.sorting()).toEqual({ field: 'name', direction: 'asc' });
    expect(names(list)[0]).toBe('name-01');

    list.sortBy('name');
    list.sortBy('id'); // another column starts ascending, whatever the previous direction
    expect(list.sorting()).toEqual({ field: 'id', direction: 'asc' });
    expect(server.lastQuery().sort).toBe('id,asc');
  });

  it('deletes a row, says so and shows the same page again', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    list.load(1);
    list.confirming.set(list.page()!.content[0]);
    list.remove(list.page()!.content[0]);
    expect(list.confirming()).toBeNull();
    expect(list.notice()).toBe('“name-11” deleted.');
    expect(list.pageNumber()).toBe(1);
    expect(names(list)[0]).toBe('name-12');
    expect(list.page()!.totalElements).toBe(24);
  });

  it('shows the page before when the last row of the last page is deleted', () => {
    const server = new FakeServer(21); // pages of 10, 10 and 1
    const list = listOn(server);
    list.load(2);
    expect(names(list)).toEqual(['name-21']);
    list.remove(list.page()!.content[0]);
    expect(server.lastQuery().page).toBe(1);
    expect(list.pageNumber()).toBe(1);
    expect(names(list).length).toBe(10);
    expect(list.page()!.totalPages).toBe(2);
  });

  it('stays on the first page when its only row is deleted', () => {
    const server = new FakeServer(1);
    const list = listOn(server);
    list.load(0);
    list.remove(list.page()!.content[0]);
    expect(server.lastQuery().page).toBe(0);
    expect(list.page()!.content).toEqual([]);
    expect(list.page()!.totalElements).toBe(0);
  });

  it('goes to the last page there is when rows deleted by someone else left the one asked for empty', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    list.load(2);
    expect(names(list).length).toBe(5);
    server.rows = server.rows.slice(0, 15); // someone else deletes ten rows: two pages left
    list.reload();
    expect(server.queries.slice(-2).map((q) => q.page)).toEqual([2, 1]);
    expect(list.pageNumber()).toBe(1);
    expect(names(list)).toEqual(['name-11', 'name-12', 'name-13', 'name-14', 'name-15']);
    expect(list.page()!.totalPages).toBe(2);

    server.rows = []; // and then every row: the first page, empty
    list.reload();
    expect(server.lastQuery().page).toBe(0);
    expect(list.pageNumber()).toBe(0);
    expect(list.page()!.content).toEqual([]);
  });

  it('shows a failed load as its error, keeps the page it had, and clears the error once a load succeeds', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    list.load(0);
    server.failing = refusal(400, 'Invalid sort field');
    list.load(1);
    expect(list.error()?.message).toBe('Invalid sort field');
    expect(list.error()?.status).toBe(400);
    expect(list.pageNumber()).toBe(0); // the page shown is still the first
    expect(names(list)[0]).toBe('name-01');

    server.failing = null;
    list.load(1);
    expect(list.error()).toBeNull();
    expect(list.pageNumber()).toBe(1);
  });

  it('shows a refused delete as its error, without a notice or a reload', () => {
    const server = new FakeServer(3);
    const list = listOn(server);
    list.load(0);
    const asked = server.queries.length;
    server.failing = refusal(409, 'The supplier has movements');
    list.remove(list.page()!.content[0]);
    expect(list.error()?.message).toBe('The supplier has movements');
    expect(list.notice()).toBe('');
    expect(server.queries.length).toBe(asked);
    expect(list.page()!.totalElements).toBe(3);
  });

  it('shows the answer to the latest request only: the one before is cancelled, whenever it comes back', () => {
    const server = new FakeServer(25);
    const list = listOn(server);
    list.load(0);
    server.slow = true;
    list.sortBy('name'); // descending: asked, not answered yet
    list.sortBy('name'); // ascending again, before the first answer came
    expect(server.waiting.map((w) => w.query.sort)).toEqual(['name,desc', 'name,asc']);

    expect(server.answer(1)).toBeTrue();
    expect(list.sorting()).toEqual({ field: 'name', direction: 'asc' });
    expect(names(list)[0]).toBe('name-01');
    expect(server.answer(0)).toBeFalse(); // the older answer, late: nobody waits for it
    expect(names(list)[0]).toBe('name-01');

    list.load(1); // then Next, and Next again before the first Next is answered
    list.load(2);
    expect(server.answer(3)).toBeTrue();
    expect(server.answer(2)).toBeFalse();
    expect(list.pageNumber()).toBe(2);
    expect(names(list)[0]).toBe('name-21');
  });

  it('shows a delete\'s outcome alone: a refused one clears the notice before it, a done one the error', () => {
    const server = new FakeServer(5);
    const list = listOn(server);
    list.load(0);
    list.remove(list.page()!.content[0]);
    expect(list.notice()).toBe('“name-01” deleted.');

    server.failing = refusal(409, 'The supplier has movements');
    list.remove(list.page()!.content[0]);
    expect(list.error()?.message).toBe('The supplier has movements');
    expect(list.notice()).toBe(''); // not “name-01” deleted. next to the refusal

    server.failing = null;
    list.remove(list.page()!.content[0]);
    expect(list.error()).toBeNull();
    expect(list.notice()).toBe('“name-02” deleted.');
  });

  it('asks its question about a row, and refuses a delete when it has none', () => {
    const server = new FakeServer(1);
    expect(listOn(server).question(server.rows[0])).toBe('Delete “name-01”?');
    const readOnly = new PagedList<Row>(server.fetch, { field: 'name', direction: 'asc' });
    expect(readOnly.question(server.rows[0])).toBe('');
    expect(() => readOnly.remove(server.rows[0])).toThrowError(/no delete/);
  });
});

@Component({
  imports: [ListAlerts, Pager, SortHeader, RowActions],
  template: `
    <bh-list-alerts [list]="list" />
    @if (list.page(); as p) {
      <table>
        <thead><tr><th bhSort="name" [list]="list">Name</th><th bhSort="id" [list]="list">Id</th><th>Actions</th></tr></thead>
        <tbody>
          @for (r of p.content; track r.id) {
            <tr><td>{{ r.name }}</td><td><bh-row-actions [list]="list" [row]="r" [edit]="['/rows', r.id]" [label]="r.name" /></td></tr>
          }
        </tbody>
      </table>
      <bh-pager [list]="list" />
    }
  `,
})
class ListHost {
  readonly server = new FakeServer(21);
  readonly list = listOn(this.server);
}

describe('SortHeader, Pager and ListAlerts', () => {
  let fixture: ComponentFixture<ListHost>;
  let root: HTMLElement;
  let host: ListHost;
  const admin = signal(true);

  beforeEach(async () => {
    admin.set(true);
    TestBed.configureTestingModule({
      imports: [ListHost],
      providers: [provideZonelessChangeDetection(), provideRouter([]), { provide: AuthService, useValue: { isAdmin: admin } }],
    });
    fixture = TestBed.createComponent(ListHost);
    host = fixture.componentInstance;
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const q = (selector: string) => root.querySelector<HTMLElement>(selector);
  const button = (t: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === t)!;
  async function click(el: HTMLElement) {
    el.click();
    await fixture.whenStable();
  }

  it('says Loading… until the first page comes, then shows it with where it is among the pages', async () => {
    expect(q('bh-list-alerts [role=status]')?.textContent).toContain('Loading…');
    host.list.load(0);
    await fixture.whenStable();
    expect(root.textContent).not.toContain('Loading…');
    expect(q('[data-testid=page-info]')?.textContent).toContain('Page 1 of 3 · 21 in all');
    expect(button('Previous').disabled).toBeTrue();
    expect(button('Next').disabled).toBeFalse();
  });

  it('moves between pages with Previous and Next, each disabled at its end', async () => {
    host.list.load(0);
    await fixture.whenStable();
    await click(button('Next'));
    await click(button('Next'));
    expect(host.server.lastQuery().page).toBe(2);
    expect(q('[data-testid=page-info]')?.textContent).toContain('Page 3 of 3');
    expect(button('Next').disabled).toBeTrue();
    await click(button('Previous'));
    expect(q('[data-testid=page-info]')?.textContent).toContain('Page 2 of 3');
  });

  it('marks the sorted column and turns its order around on a click', async () => {
    host.list.load(0);
    await fixture.whenStable();
    const [name, id] = [...root.querySelectorAll<HTMLElement>('th[bhSort]')];
    expect(name.getAttribute('aria-sort')).toBe('ascending');
    expect(id.getAttribute('aria-sort')).toBe('none');
    await click(name.querySelector('button')!);
    expect(name.getAttribute('aria-sort')).toBe('descending');
    expect(name.textContent).toContain('▼');
    expect(host.server.lastQuery().sort).toBe('name,desc');
    await click(id.querySelector('button')!);
    expect(id.getAttribute('aria-sort')).toBe('ascending');
    expect(name.getAttribute('aria-sort')).toBe('none');
  });

  it('asks before a delete, deletes on Delete, and leaves the row on Cancel', async () => {
    host.list.load(2);
    await fixture.whenStable();
    expect(q('a[aria-label="Edit name-21"]')?.getAttribute('href')).toBe('/rows/21');
    await click(q('button[aria-label="Delete name-21"]')!);
    expect(q('[role=alertdialog]')?.textContent).toContain('Delete “name-21”?');
    await click(button('Cancel'));
    expect(q('[role=alertdialog]')).toBeNull();
    expect(host.server.rows.length).toBe(21);

    await click(q('button[aria-label="Delete name-21"]')!);
    await click(q('[data-testid=confirm-delete]')!);
    expect(host.server.rows.length).toBe(20);
    expect(q('[data-testid=notice]')?.textContent).toContain('“name-21” deleted.');
    expect(q('[data-testid=page-info]')?.textContent).toContain('Page 2 of 2 · 20 in all');
  });

  it('never says Page 3 of 2: a page emptied by someone else gives way to the last page there is', async () => {
    host.list.load(1);
    await fixture.whenStable();
    host.server.rows = host.server.rows.slice(0, 16); // five rows deleted elsewhere: the third page is gone
    await click(button('Next')); // still offered: the pager knows of three pages
    expect(q('[data-testid=page-info]')?.textContent).toContain('Page 2 of 2 · 16 in all');
    expect(root.querySelectorAll('tbody tr').length).toBe(6);
  });

  it('offers Delete to an ADMIN only, Edit to everyone', async () => {
    admin.set(false);
    host.list.load(0);
    await fixture.whenStable();
    expect(root.querySelectorAll('a[aria-label^="Edit "]').length).toBe(10);
    expect(root.querySelectorAll('button[aria-label^="Delete "]').length).toBe(0);
    admin.set(true);
    await fixture.whenStable();
    expect(root.querySelectorAll('button[aria-label^="Delete "]').length).toBe(10);
  });

  it('shows an error in place of Loading…', async () => {
    host.server.failing = refusal(503, 'The server is busy');
    host.list.load(0);
    await fixture.whenStable();
    expect(q('[data-testid=list-error]')?.textContent).toContain('The server is busy');
    expect(root.textContent).not.toContain('Loading…');
    expect(q('table')).toBeNull();
  });
});
