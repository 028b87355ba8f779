/*
 * Invoices in the JSON API for a signed-in lead (session cookie and the
 * X-CSRF-Token header on POST): list, create the missing drafts, send,
 * mark paid, credit, and download one as UBL. Same services as the console
 * and `lwp invoice`; a sent invoice that would change answers 409.
 */
#include "web/api.h"
#include "web/auth.h"
#include "web/routes_invoices.h"
#include "core/tz.h"

#include <string.h>

static void invoice_api_error(struct req *r, int rc, const struct invoice_error *ie)
{
	struct field_errors fe = {0};
	if (rc == LWP_EINVAL) {
		field_errors_add(&fe, ie && ie->field ? ie->field : "invoice",
				 ie && ie->msg ? ie->msg : svc_invoice_error(rc));
		api_error(r, 422, "validation", N_("Some fields need your attention."), &fe);
	} else if (rc == LWP_ECONFLICT) {
		api_error(r, 409, "conflict", svc_invoice_error(rc), NULL);
	} else if (rc == LWP_ENOTFOUND) {
		api_error(r, 404, "not_found", N_("This invoice does not exist."), NULL);
	} else {
		api_error(r, 503, "unavailable", N_("The service is temporarily unavailable."), NULL);
	}
}

static json_t *lines_json(const struct invoice *inv)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < inv->n_lines; i++) {
		const struct invoice_line *l = &inv->lines[i];
		json_array_append_new(a, json_pack("{s:s, s:f, s:I, s:I, s:s, s:i, s:I}",
			"description", l->description, "quantity",
			(double)l->quantity / INVOICE_QTY_SCALE, "unit_price_cents",
			(json_int_t)l->unit_price_cents, "net_cents", (json_int_t)l->net_cents,
			"vat_category", invoice_vat_code(l->vat.category), "vat_rate_bp", l->vat.rate_bp,
			"participant_id", (json_int_t)l->participant_id));
	}
	return a;
}

static json_t *invoice_json(const struct invoice_row *v)
{
	const struct invoice *inv = &v->inv;
	json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s?, s:s?, s:I, s:I, s:I, s:I, s:b}",
		"number", inv->number,
		"kind", inv->kind == INVOICE_KIND_CREDIT_NOTE ? "credit_note" : "invoice",
		"organisation", v->organisation ? v->organisation : "",
		"organisation_id", (json_int_t)inv->organisation_id,
		"status", invoice_status_code(v->status), "issue_date", inv->issue_date,
		"due_date", inv->due_date, "corrects", inv->corrects,
		"lines_count", (json_int_t)inv->n_lines,
		"total_excl_vat_cents", (json_int_t)inv->totals.tax_exclusive_cents,
		"vat_cents", (json_int_t)inv->totals.tax_cents,
		"total_incl_vat_cents", (json_int_t)inv->totals.tax_inclusive_cents,
		"credited", v->credited);
	if (o)
		json_object_set_new(o, "lines", lines_json(inv));
	return o;
}

static void send_list(struct req *r, int status)
{
	struct invoice_row *list;
	int n;
	if (store_invoice_list(r->store, r->arena, r->edition->id, &list, &n)) {
		invoice_api_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < n; i++)
		json_array_append_new(items, invoice_json(&list[i]));
	r->personal = 1;
	api_send(r, status, items ? json_pack("{s:s, s:o}", "edition", r->edition->slug,
					      "invoices", items) : NULL);
}

/* GET /api/v1/manage/editions/{slug}/invoices */
void api_invoices_list(struct req *r)
{
	send_list(r, 200);
}

/* POST /api/v1/manage/editions/{slug}/invoices: the missing drafts. */
void api_invoices_create(struct req *r)
{
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	int created, rc = svc_invoice_create(r->store, r->arena, &who, r->edition, tz_now(), &created, &ie);
	if (rc)
		invoice_api_error(r, rc, &ie);
	else
		send_list(r, created ? 201 : 200);
}

/* The invoice of r->edition numbered r->params[1]. */
static int load(struct req *r, struct invoice_row *row)
{
	int rc = store_invoice_by_number(r->store, r->arena, r->params[1], row);
	if (rc == 0 && row->edition_id != r->edition->id)
		rc = LWP_ENOTFOUND;
	if (rc)
		invoice_api_error(r, rc, NULL);
	return rc;
}

static void send_one(struct req *r, int64_t id, const char *token)
{
	struct invoice_row row;
	if (store_invoice_get(r->store, r->arena, id, &row)) {
		invoice_api_error(r, LWP_EDB, NULL);
		return;
	}
	json_t *doc = invoice_json(&row);
	if (doc && token)
		json_object_set_new(doc, "contact_link",
				    json_string(arena_printf(r->arena, "%s/facturen/%s",
							     r->cfg->base_url ? r->cfg->base_url : "", token)));
	r->personal = 1;
	api_send(r, 200, doc);
}

/* POST /api/v1/manage/editions/{slug}/invoices/{number}/send */
void api_invoices_send(struct req *r)
{
	struct invoice_row row;
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	char *token = NULL;
	if (load(r, &row))
		return;
	int rc = svc_invoice_send(r->store, r->arena, &who, r->cfg->base_url, r->edition, row.id,
				  tz_now(), &ie, &token);
	if (rc)
		invoice_api_error(r, rc, &ie);
	else
		send_one(r, row.id, token);
}

/* POST /api/v1/manage/editions/{slug}/invoices/{number}/paid */
void api_invoices_paid(struct req *r)
{
	struct invoice_row row;
	struct actor who = auth_actor(r);
	if (load(r, &row))
		return;
	int rc = svc_invoice_paid(r->store, r->arena, &who, r->edition, row.id, tz_now());
	if (rc)
		invoice_api_error(r, rc, NULL);
	else
		send_one(r, row.id, NULL);
}

/* POST .../invoices/{number}/credit {"reason": T, "participant_id": N, "new_draft": B} */
void api_invoices_credit(struct req *r)
{
	struct invoice_row row;
	struct invoice_error ie = {0};
	struct actor who = auth_actor(r);
	json_error_t jerr;
	int64_t credit;
	if (load(r, &row) || api_require_json(r))
		return;
	json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *reason = doc ? json_object_get(doc, "reason") : NULL;
	json_t *pid = doc ? json_object_get(doc, "participant_id") : NULL;
	json_t *draft = doc ? json_object_get(doc, "new_draft") : NULL;
	if (!json_is_object(doc) || !json_is_string(reason) || (pid && !json_is_integer(pid)) ||
	    (draft && !json_is_boolean(draft))) {
		json_decref(doc);
		api_error(r, 400, "bad_json", N_("Send a JSON object with a reason (text), and optionally participant_id (a number) and new_draft (true or false)."), NULL);
		return;
	}
	char *text = arena_strdup(r->arena, json_string_value(reason));
	int64_t participant = pid ? (int64_t)json_integer_value(pid) : 0;
	int new_draft = draft && json_is_true(draft);
	json_decref(doc);
	int rc = text ? svc_invoice_credit(r->store, r->arena, &who, r->cfg->base_url, r->edition,
					   row.id, participant, text, new_draft, tz_now(), &ie, &credit)
		      : LWP_ENOMEM;
	if (rc)
		invoice_api_error(r, rc, &ie);
	else
		send_one(r, credit, NULL);
}

/* GET /api/v1/manage/editions/{slug}/invoices/{number}/ubl */
void api_invoices_ubl(struct req *r)
{
	struct invoice_row row;
	if (load(r, &row) == 0)
		invoice_page_send_ubl(r, &row);
}
