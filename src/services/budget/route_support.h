#pragma once
// Small helpers shared by the route files.
#include <boost/json/object.hpp>
#include <string_view>

#include "core/uuid.h"
#include "http/message.h"
#include "http/paging.h"
#include "identity/principal.h"
#include "services/budget/page.h"
#include "services/budget/records.h"

namespace bh::budget {

Actor actor_of(const identity::Principal& principal, const http::Request& request);
http::Response ok(boost::json::object body);

template <class T, class ToJson>
http::Response page_response(const http::PageRequest& request, const Page<T>& page, ToJson to_json_item) {
    boost::json::array content;
    for (const auto& item : page.items) content.push_back(to_json_item(item));
    return ok(http::page_body(request, page.total, std::move(content)));
}

}  // namespace bh::budget
