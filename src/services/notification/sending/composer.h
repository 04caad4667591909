#pragma once
// Turns a validated request into the e-mail's subject, plain text and HTML (templates.cpp). Pure:
// the same request always gives the same mail, so what is stored is exactly what is (re)sent.
#include <string>

#include "services/notification/domain/notification_request.h"

namespace bh::notification {

struct ComposedMail {
    std::string subject;
    std::string text;
    std::string html;
};

ComposedMail compose(const NotificationRequest& request);

}  // namespace bh::notification
