#include "services/notification/sending/templates.h"

namespace bh::notification {

const std::string_view kHtmlLayout = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:32px;">
<tr><td>
<h1 style="font-size:20px;margin:0 0 16px 0;">{{title}}</h1>
{{content}}
<p style="font-size:12px;color:#7b8794;margin-top:32px;">This email was sent from an unmonitored address. Please do not reply.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
)";

const MailTemplate kPasswordResetTemplate{"Password Reset Request",
                                          R"(Hello {{recipientName}},

We received a request to reset your BudgetHub password. Open the link below to choose a new one:

{{resetUrl}}

The link can be used once and expires at {{expiresAt}}.
If you did not ask for this, ignore this e-mail: your password stays as it is.
)",
                                          R"(<p>Hello {{recipientName}},</p>
<p>We received a request to reset your BudgetHub password. Please click the button below to choose a new one:</p>
<p><a href="{{resetUrl}}" style="display:inline-block;background:#2f855a;color:#ffffff;padding:10px 20px;border-radius:4px;text-decoration:none;">Reset Password</a></p>
<p style="font-size:13px;">Or paste this link into your browser: <a href="{{resetUrl}}">{{resetUrl}}</a></p>
<p style="font-size:13px;">The link can be used once and expires at {{expiresAt}}. If you did not ask for this, ignore this e-mail: your password stays as it is.</p>
)"};

const MailTemplate kExportAttachedTemplate{"Movements Report: {{period}}",
                                           R"(Hello {{recipientName}},

Please find attached the movements report for {{period}} ({{rowCount}} movements).
)",
                                           R"(<p>Hello {{recipientName}},</p>
<p>Please find attached the movements report for <strong>{{period}}</strong> ({{rowCount}} movements).</p>
)"};

const MailTemplate kExportLinkTemplate{"Movements Report: {{period}}",
                                       R"(Hello {{recipientName}},

Your movements report for {{period}} ({{rowCount}} movements) is ready:

{{downloadUrl}}

The link works until {{downloadExpiresAt}}.
)",
                                       R"(<p>Hello {{recipientName}},</p>
<p>Your movements report for <strong>{{period}}</strong> ({{rowCount}} movements) is ready.</p>
<p><a href="{{downloadUrl}}" style="display:inline-block;background:#2b6cb0;color:#ffffff;padding:10px 20px;border-radius:4px;text-decoration:none;">Download Report</a></p>
<p style="font-size:13px;">The link works until {{downloadExpiresAt}}.</p>
)"};

const MailTemplate kBudgetAlertTemplate{"Budget alert: {{budgetName}} {{headline}}",
                                        R"(Hello {{recipientName}},

The budget {{budgetName}} {{headline}}.

Allocated: {{allocated}}
Spent:     {{spent}}
Available: {{available}}
)",
                                        R"(<p>Hello {{recipientName}},</p>
<p>The budget <strong>{{budgetName}}</strong> {{headline}}.</p>
<table role="presentation" cellpadding="4" cellspacing="0" style="font-size:14px;">
<tr><td>Allocated</td><td align="right">{{allocated}}</td></tr>
<tr><td>Spent</td><td align="right">{{spent}}</td></tr>
<tr><td>Available</td><td align="right"><strong>{{available}}</strong></td></tr>
</table>
)"};

const MailTemplate kPaymentReceiptTemplate{"Your Receipt from Stripe",
                                           R"(Dear {{recipientName}},

We have processed your payment of {{amount}} {{currency}} successfully.
{{description}}

You can view or download your receipt here:
{{receiptUrl}}

For questions, contact support@budgethub.local.
)",
                                           R"(<p>Dear {{recipientName}},</p>
<p>We have processed your payment of <strong>{{amount}} {{currency}}</strong> successfully.</p>
<p>{{description}}</p>
<p>You can view or download your receipt using the link below:</p>
<p><a href="{{receiptUrl}}" style="display:inline-block;background:#2b6cb0;color:#ffffff;padding:10px 20px;border-radius:4px;text-decoration:none;">View Receipt</a></p>
<p style="font-size:13px;">For questions, contact support@budgethub.local.</p>
)"};

const MailTemplate kPaymentConfirmedTemplate{"Your payment went through",
                                             R"(Dear {{recipientName}},

Your payment of {{amount}} {{currency}} could not be confirmed at first, so we tried again: it has now
gone through. Your receipt follows in a separate e-mail.
{{description}}

Payment reference: {{paymentId}}
)",
                                             R"(<p>Dear {{recipientName}},</p>
<p>Your payment of <strong>{{amount}} {{currency}}</strong> could not be confirmed at first, so we tried again: it has now gone through. Your receipt follows in a separate e-mail.</p>
<p>{{description}}</p>
<p style="font-size:13px;">Payment reference: {{paymentId}}</p>
)"};

const MailTemplate kPaymentNotConfirmedTemplate{"Your payment could not be completed",
                                                R"(Dear {{recipientName}},

Your payment of {{amount}} {{currency}} could not be confirmed, even after several attempts. Nothing was
charged, and the amount is no longer reserved on the budget.
{{description}}
{{reason}}

Payment reference: {{paymentId}}
)",
                                                R"(<p>Dear {{recipientName}},</p>
<p>Your payment of <strong>{{amount}} {{currency}}</strong> could not be confirmed, even after several attempts. Nothing was charged, and the amount is no longer reserved on the budget.</p>
<p>{{description}}</p>
<p>{{reason}}</p>
<p style="font-size:13px;">Payment reference: {{paymentId}}</p>
)"};

}  // namespace bh::notification
