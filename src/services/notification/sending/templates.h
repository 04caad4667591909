#pragma once
// The e-mail templates, one per kind (and variant), as raw strings: subject, plain text and HTML.
// Placeholders are filled by composer.cpp; see template_renderer.h for the rules.
#include <string_view>

namespace bh::notification {

struct MailTemplate {
    std::string_view subject;
    std::string_view text;
    std::string_view html;
};

extern const MailTemplate kPasswordResetTemplate;
extern const MailTemplate kExportAttachedTemplate;  // the report is attached
extern const MailTemplate kExportLinkTemplate;      // the report is behind a download link
extern const MailTemplate kBudgetAlertTemplate;
extern const MailTemplate kPaymentReceiptTemplate;
// The final outcome of a confirmation that was retried in the background (payment service).
extern const MailTemplate kPaymentConfirmedTemplate;
extern const MailTemplate kPaymentNotConfirmedTemplate;

// The HTML frame every body sits in: {{title}} and {{content}} (content is already HTML).
extern const std::string_view kHtmlLayout;

}  // namespace bh::notification
