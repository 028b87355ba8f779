/* See audit_text.h. The details are written by the services in fixed
 * English forms (src/service); each form is read back here and filled into
 * a translated template. */
#include "web/audit_text.h"
#include "domain/account.h"
#include "domain/model.h"
#include "core/tz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const actions[][2] = {
	{"access.refused", N_("Access refused")},
	{"account.password", N_("Password changed")},
	{"account.password_refused", N_("Password change refused")},
	{"account.totp_enrolled", N_("Second factor set up")},
	{"application.status", N_("Status of an application changed")},
	{"applications.export", N_("Applications downloaded")},
	{"applications.read", N_("Applications read")},
	{"edition.close", N_("Edition closed")},
	{"edition.create", N_("Edition created")},
	{"edition.deadline", N_("Deadline changed")},
	{"edition.publish", N_("Edition published")},
	{"edition.update", N_("Edition changed")},
	{"login.failed", N_("Sign-in failed")},
	{"login.link_requested", N_("Sign-in link requested")},
	{"login.second_factor", N_("Signed in with the second factor")},
	{"login.ok", N_("Signed in")},
	{"logout", N_("Signed out")},
	{"organisation.add", N_("Organisation added")},
	{"organisation.parent", N_("Parent organisation set")},
	{"role.grant", N_("Role granted")},
	{"role.revoke", N_("Role revoked")},
	{"selection.confirm", N_("Selection confirmed")},
	{"selection.mark", N_("Selection mark set")},
	{"selection.weights", N_("Selection weights saved")},
	{"user.create", N_("User created")},
	{"applications.import", N_("Applications imported")},
	{"attendance.record", N_("Attendance recorded")},
	{"audit.read", N_("Audit log read")},
	{"calendar.token", N_("Calendar link replaced")},
	{"connection.confirm", N_("Connection confirmed")},
	{"connection.make", N_("Connection proposed")},
	{"connection.remove", N_("Connection removed")},
	{"database.backup", N_("Database backed up")},
	{"directory.consent", N_("Directory listing changed")},
	{"edition.anonymise", N_("Edition anonymised")},
	{"edition.finish", N_("Edition finished")},
	{"edition.network", N_("Edition moved to the network phase")},
	{"edition.network_date", N_("Date of the network phase set")},
	{"edition.retention", N_("Retention periods set")},
	{"initiative.confirm", N_("Initiative confirmed")},
	{"initiative.hide", N_("Initiative hidden")},
	{"initiative.import", N_("Initiatives imported")},
	{"initiative.nominate", N_("Initiative nominated")},
	{"initiative.owner_add", N_("Owner of an initiative added")},
	{"initiative.register", N_("Initiative registered")},
	{"initiative.show", N_("Initiative shown again")},
	{"initiative.update", N_("Initiative changed")},
	{"invoice.billing", N_("Billing data changed")},
	{"invoice.create", N_("Invoices created")},
	{"invoice.credit", N_("Credit note made")},
	{"invoice.manual.add", N_("Charge line added")},
	{"invoice.manual.delete", N_("Charge line removed")},
	{"invoice.nights", N_("Nights changed")},
	{"invoice.paid", N_("Invoice marked paid")},
	{"invoice.seller", N_("Seller data changed")},
	{"invoice.send", N_("Invoice sent")},
	{"invoice.settings", N_("VAT setting changed")},
	{"meeting.create", N_("Meeting created")},
	{"meeting.status", N_("Status of a meeting changed")},
	{"meeting.update", N_("Meeting changed")},
	{"message.deliveries.read", N_("Deliveries of a message read")},
	{"message.send", N_("Message sent to a group")},
	{"person.download_link", N_("Download link of personal data sent")},
	{"person.erase", N_("Personal data erased")},
	{"person.erasure_requested", N_("Erasure requested")},
	{"person.export", N_("Personal data downloaded")},
	{"poll.answer", N_("Poll answered")},
	{"poll.close", N_("Poll closed")},
	{"poll.create", N_("Poll created")},
	{"privacy_requests.read", N_("Requests for erasure read")},
	{"report.read", N_("Report read")},
	{"subgroups.confirm", N_("Subgroups confirmed")},
	{"subgroups.move", N_("Participant moved to another subgroup")},
	{"subgroups.plan", N_("Subgroups proposed")},
	{"subgroups.rebalance", N_("Subgroups rebalanced")},
	{"subgroups.rule", N_("Subgroup rule added")},
	{"subgroups.rule_delete", N_("Subgroup rule removed")},
	{"subgroups.settings", N_("Subgroup settings saved")},
};

const char *audit_action_label(const char *action)
{
	for (size_t i = 0; action && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(action, actions[i][0]) == 0)
			return actions[i][1];
	return NULL;
}

/* tmpl with {1}..{4} replaced by args (plain text, escaped by the caller). */
static const char *fill(struct req *r, const char *tmpl, const char *const *args, int nargs)
{
	struct buf b;
	buf_init(&b, 4096);
	for (const char *t = tmpl; *t; t++) {
		int k = t[0] == '{' && t[1] >= '1' && t[1] <= '4' && t[2] == '}' ? t[1] - '1' : -1;
		if (k >= 0 && k < nargs) {
			buf_puts(&b, args[k] ? args[k] : "");
			t += 2;
		} else {
			buf_putc(&b, *t);
		}
	}
	char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out ? out : tmpl;
}

const char *audit_object_text(struct req *r, const char *object)
{
	static const char *const kinds[][2] = {
		{"edition:", N_("edition {1}")},
		{"application:", N_("application {1}")},
		{"user:", N_("user {1}")},
		{"organisation:", N_("organisation {1}")},
	};
	if (!object)
		return "";
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t n = strlen(kinds[i][0]);
		if (strncmp(object, kinds[i][0], n) == 0) {
			const char *args[] = {object + n};
			return fill(r, T(r, kinds[i][1]), args, 1);
		}
	}
	return object;
}

static const char *role_label(enum role role)
{
	switch (role) {
	case ROLE_PARTICIPANT: return N_("participant");
	case ROLE_MEMBER: return N_("network member");
	case ROLE_COACH: return N_("coach");
	case ROLE_LEAD: return N_("programme lead");
	case ROLE_ADMIN: return N_("administrator");
	default: return NULL;
	}
}

static const char *status_label_of(struct req *r, const char *code, size_t len)
{
	char buf[32];
	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, code, len);
	buf[len] = '\0';
	int a = app_status_parse(buf);
	if (a >= 0)
		return T(r, app_status_label((enum app_status)a));
	int e = edition_status_parse(buf);
	return e >= 0 ? T(r, edition_status_label((enum edition_status)e)) : NULL;
}

/* "A -> B" of two status codes, as "label A → label B". */
static const char *status_change(struct req *r, const char *d)
{
	const char *arrow = strstr(d, " -> ");
	if (!arrow)
		return NULL;
	const char *from = status_label_of(r, d, (size_t)(arrow - d));
	const char *to = status_label_of(r, arrow + 4, strlen(arrow + 4));
	if (!from || !to)
		return NULL;
	const char *args[] = {from, to};
	return fill(r, T(r, "from {1} to {2}"), args, 2);
}

static const char *datetime(struct req *r, long long t)
{
	struct buf b;
	buf_init(&b, 128);
	lang_datetime(&b, (int64_t)t, r->lang);
	char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

static const char *num(struct req *r, double v)
{
	struct buf b;
	buf_init(&b, 64);
	lang_decimal(&b, v, r->lang);
	char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

static const char *plain_detail(struct req *r, const char *d)
{
	static const char *const words[][2] = {
		{"api", N_("through the API")},
		{"password", N_("wrong password")},
		{"second factor", N_("wrong code of the second factor")},
		{"link unknown, used or expired", N_("sign-in link unknown, used or expired")},
		{"cross-origin request", N_("request from another site")},
		{"missing or wrong CSRF token", N_("security token missing or wrong")},
		{"current password not right", N_("current password not right")},
		{"other sessions ended", N_("other sessions ended")},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(d, words[i][0]) == 0)
			return T(r, words[i][1]);
	return NULL;
}

/* Match s against a form of literal text with %i (a whole number, kept
 * in n[]), %f (a decimal, kept in *f) and %w (a word of letters, copied to
 * word); the whole of s must match. 0 on a match. */
static int scan(const char *s, const char *form, long long *n, int max, double *f,
		char *word, size_t wordlen)
{
	int k = 0;
	while (*form) {
		if (form[0] == '%' && form[1] == 'i') {
			char *end;
			errno = 0;
			if (k >= max || !(*s >= '0' && *s <= '9'))
				return -1;
			n[k++] = strtoll(s, &end, 10);
			if (errno)
				return -1;
			s = end;
			form += 2;
		} else if (form[0] == '%' && form[1] == 'f') {
			char *end;
			errno = 0;
			if (!f || !(*s >= '0' && *s <= '9'))
				return -1;
			*f = strtod(s, &end);
			if (errno)
				return -1;
			s = end;
			form += 2;
		} else if (form[0] == '%' && form[1] == 'w') {
			size_t len = 0;
			while (((s[len] >= 'a' && s[len] <= 'z') || (s[len] >= 'A' && s[len] <= 'Z')))
				len++;
			if (!word || len == 0 || len >= wordlen)
				return -1;
			memcpy(word, s, len);
			word[len] = '\0';
			s += len;
			form += 2;
		} else if (*form++ != *s++) {
			return -1;
		}
	}
	return *s ? -1 : 0;
}

static const char *count_text(struct req *r, long long v)
{
	return arena_printf(r->arena, "%lld", v);
}

static const char *selection_detail(struct req *r, const char *action, const char *d)
{
	long long n[6];
	double v;
	char word[16];
	if (strcmp(action, "selection.confirm") == 0 &&
	    (scan(d, "%i accepted, %i waitlisted, %i declined; diversity %f; %i of %i applied",
		  n, 5, &v, NULL, 0) == 0 ||
	     scan(d, "%i accepted, %i waitlisted, %i declined; diversity %f (proven optimal);"
		  " %i of %i applied", n, 5, &v, NULL, 0) == 0)) {
		const char *args[] = {count_text(r, n[0]), count_text(r, n[1]), count_text(r, n[2]),
				      num(r, v)};
		const char *first = fill(r, T(r, "{1} accepted, {2} on the waiting list, {3} declined; diversity {4}"), args, 4);
		const char *args2[] = {first, count_text(r, n[3]), count_text(r, n[4])};
		return fill(r, T(r, "{1}; {2} of {3} applied"), args2, 3);
	}
	if (strcmp(action, "selection.mark") == 0 &&
	    scan(d, "application %i: %w", n, 1, NULL, word, sizeof(word)) == 0) {
		const char *mark = strcmp(word, "include") == 0 ? N_("must include")
				   : strcmp(word, "exclude") == 0 ? N_("leave out") : N_("no mark");
		const char *args[] = {count_text(r, n[0]), T(r, mark)};
		return fill(r, T(r, "application {1}: {2}"), args, 2);
	}
	if (strcmp(action, "selection.weights") == 0 &&
	    scan(d, "org %i, parent %i, kind %i, theme %i, tags %i, offer %i days", n, 6, NULL,
		 NULL, 0) == 0) {
		const char *args[] = {arena_printf(r->arena, "%lld, %lld, %lld, %lld, %lld", n[0], n[1],
						   n[2], n[3], n[4]), count_text(r, n[5])};
		return fill(r, T(r, "weights organisation, parent, kind, theme, keywords: {1}; {2} days to take a freed place"), args, 2);
	}
	return NULL;
}

/* A detail shown as it was stored, with its decimal numbers ("831.00") in
 * the page's format (831,00 on a Dutch page). */
static const char *stored_detail(struct req *r, const char *detail)
{
	if (r->lang != LANG_NL)
		return detail;
	char *out = arena_strdup(r->arena, detail);
	for (char *p = out; p && *p; p++)
		if (*p == '.' && p > out && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
			*p = ',';
	return out ? out : detail;
}

const char *audit_detail_text(struct req *r, const char *action, const char *detail)
{
	const char *out = NULL;
	long long n[2];
	if (!detail || !*detail)
		return "";
	if (!action)
		return stored_detail(r, detail);
	if ((out = plain_detail(r, detail)))
		return out;
	if (strcmp(action, "application.status") == 0)
		out = status_change(r, detail);
	else if (strcmp(action, "edition.publish") == 0 || strcmp(action, "edition.close") == 0)
		out = strncmp(detail, "status ", 7) == 0 ? status_change(r, detail + 7) : NULL;
	else if (strcmp(action, "edition.deadline") == 0 &&
		 scan(detail, "%i -> %i", n, 2, NULL, NULL, 0) == 0) {
		const char *args[] = {datetime(r, n[0]), datetime(r, n[1])};
		out = fill(r, T(r, "from {1} to {2}"), args, 2);
	} else if (strcmp(action, "applications.export") == 0 &&
		   scan(detail, "%i applications", n, 1, NULL, NULL, 0) == 0) {
		const char *args[] = {count_text(r, n[0])};
		out = fill(r, T(r, "{1} applications"), args, 1);
	} else if (strcmp(action, "role.grant") == 0 || strcmp(action, "role.revoke") == 0) {
		const char *sp = strstr(detail, " for ");
		size_t len = sp ? (size_t)(sp - detail) : strlen(detail);
		char code[32];
		if (len < sizeof(code)) {
			memcpy(code, detail, len);
			code[len] = '\0';
			const char *label = role_label(role_parse(code));
			if (label) {
				const char *args[] = {T(r, label), sp ? sp + 5 : ""};
				out = sp ? fill(r, T(r, "{1} for {2}"), args, 2) : args[0];
			}
		}
	} else if (strncmp(action, "selection.", 10) == 0) {
		out = selection_detail(r, action, detail);
	}
	return out ? out : stored_detail(r, detail);
}
