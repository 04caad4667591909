#pragma once
// A named SQL statement, declared once next to the repository that uses it:
//
//   inline constexpr db::Statement kFindUserByEmail{"auth.find_user_by_email",
//       "SELECT id, email, password_hash FROM users WHERE email = $1"};
//
// A connection prepares it on first use (PQsendPrepare) and reuses the server-side plan after that.
// Names are global to a connection, so prefix them with the service; one name, one SQL text.
#include <string_view>

namespace bh::db {

struct Statement {
    std::string_view name;
    std::string_view sql;
};

}  // namespace bh::db
