// Path parameters: see path_params.h.
#include "http/path_params.h"

#include <string>

#include "core/error.h"

namespace bh::http {

Uuid path_uuid(const Request& request, std::string_view name) {
    auto id = Uuid::parse(request.path_param(name));
    if (!id) {
        throw bad_request(std::string(name) + ": must be a UUID")
            .with_fields({{std::string(name), "must be a UUID"}});
    }
    return *id;
}

}  // namespace bh::http
