#include "services/notification/sending/composer.h"

#include "services/notification/sending/template_renderer.h"
#include "services/notification/sending/templates.h"

namespace bh::notification {

namespace {

const MailTemplate& template_for(const NotificationRequest& request) {
    switch (request.kind) {
        case Kind::PasswordReset:
            return kPasswordResetTemplate;
        case Kind::ExportReady:
            return request.value("downloadUrl").empty() ? kExportAttachedTemplate : kExportLinkTemplate;
        case Kind::BudgetAlert:
            return kBudgetAlertTemplate;
        case Kind::PaymentReceipt:
            return kPaymentReceiptTemplate;
        case Kind::PaymentOutcome:
            return request.value("outcome") == "SUCCEEDED" ? kPaymentConfirmedTemplate
                                                           : kPaymentNotConfirmedTemplate;
    }
    return kPasswordResetTemplate;
}

TemplateValues values_for(const NotificationRequest& request) {
    TemplateValues values(request.data.begin(), request.data.end());
    values["recipientName"] = request.recipient_name.empty() ? "customer" : request.recipient_name;
    if (request.kind == Kind::BudgetAlert) {
        const auto& subtype = request.value("budgetSubtypeName");
        values["budgetName"] = request.value("budgetTypeName") + (subtype.empty() ? "" : " / " + subtype);
        const auto& percent = request.value("thresholdPercent");
        values["headline"] =
            percent == "100" ? "has no funds left" : "has used " + percent + "% of its funds";
    }
    if (request.kind == Kind::ExportReady) {
        const auto& start = request.value("startDate");
        const auto& end = request.value("endDate");
        if (!start.empty() && !end.empty()) {
            values["period"] = start + " to " + end;
        } else if (!start.empty()) {
            values["period"] = "from " + start;
        } else if (!end.empty()) {
            values["period"] = "until " + end;
        } else {
            values["period"] = "all dates";
        }
    }
    if (request.kind == Kind::PaymentReceipt || request.kind == Kind::PaymentOutcome) {
        values.try_emplace("description", "");
        values.try_emplace("reason", "");
    }
    return values;
}

}  // namespace

ComposedMail compose(const NotificationRequest& request) {
    const auto& tmpl = template_for(request);
    const auto values = values_for(request);
    ComposedMail mail;
    mail.subject = render_template(tmpl.subject, values, Escape::None);
    mail.text = render_template(tmpl.text, values, Escape::None);
    const std::string content = render_template(tmpl.html, values, Escape::Html);
    // The content is already safe HTML; the title is escaped here.
    mail.html = render_template(kHtmlLayout, {{"title", html_escape(mail.subject)}, {"content", content}},
                                Escape::None);
    return mail;
}

}  // namespace bh::notification
