#pragma once
// Each area declares its configuration keys in its own file (config_keys_<area>.cpp), so the areas
// can grow without touching one shared list; config_schema() joins them.
#include <vector>

#include "core/config.h"

namespace bh {

std::vector<ConfigKey> security_config_keys();      // JWT, passwords, tokens
std::vector<ConfigKey> auth_config_keys();          // auth service
std::vector<ConfigKey> portal_config_keys();        // gateway: CORS, upstreams, static files
std::vector<ConfigKey> budget_config_keys();        // budget service: paging, invoices, export
std::vector<ConfigKey> storage_config_keys();       // object storage (S3 or local directory)
std::vector<ConfigKey> notification_config_keys();  // notification service: retries
std::vector<ConfigKey> mail_config_keys();          // SMTP
std::vector<ConfigKey> payment_config_keys();       // payment service: Stripe, webhooks, retries

}  // namespace bh
