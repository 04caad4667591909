#pragma once
// Internal to src/db: the bridge between libpq's PGresult and db::Result.
#include <libpq-fe.h>

#include "db/result.h"

namespace bh::db::detail {

struct ResultAccess {
    // Takes ownership (PQclear when the last copy of the Result goes).
    static Result wrap(PGresult* owned);
    static const PGresult* raw(const Result& result);
};

}  // namespace bh::db::detail
