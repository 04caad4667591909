#include "http/router.h"

#include <stdexcept>

namespace bh::http {

struct Router::Node {
    struct Endpoint {
        Method method;
        Handler handler;
        std::string pattern;
        std::size_t index;
    };
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
    std::unique_ptr<Node> param;
    std::string param_name;
    std::vector<Endpoint> endpoints;

    Node* literal(std::string_view segment) const {
        for (const auto& [name, child] : literals) {
            if (name == segment) return child.get();
        }
        return nullptr;
    }
};

namespace {

// Splits "/a/b/" into {"a", "b"}; an empty path is the root.
template <class Fn>
bool for_each_segment(std::string_view path, Fn&& fn) {
    std::size_t start = path.starts_with('/') ? 1 : 0;
    while (start < path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start && !fn(path.substr(start, end - start))) return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(Method method, std::string_view pattern, Handler handler) {
    if (!pattern.starts_with('/'))
        throw std::logic_error("route must start with '/': " + std::string(pattern));
    Node* node = root_.get();
    for_each_segment(pattern, [&](std::string_view segment) {
        if (segment.starts_with('{')) {
            if (!segment.ends_with('}') || segment.size() < 3) {
                throw std::logic_error("malformed parameter in route " + std::string(pattern));
            }
            const auto name = std::string(segment.substr(1, segment.size() - 2));
            if (!node->param) {
                node->param = std::make_unique<Node>();
                node->param_name = name;
            } else if (node->param_name != name) {
                throw std::logic_error("conflicting parameter names in route " + std::string(pattern));
            }
            node = node->param.get();
        } else {
            Node* next = node->literal(segment);
            if (next == nullptr) {
                node->literals.emplace_back(std::string(segment), std::make_unique<Node>());
                next = node->literals.back().second.get();
            }
            node = next;
        }
        return true;
    });
    for (const auto& endpoint : node->endpoints) {
        if (endpoint.method == method) {
            throw std::logic_error("duplicate route " + std::string(to_string(method)) + " " +
                                   std::string(pattern));
        }
    }
    node->endpoints.push_back({method, std::move(handler), std::string(pattern), routes_.size()});
    routes_.emplace_back(method, std::string(pattern));
}

namespace {

constexpr std::size_t kMaxSegments = 32;

struct Walk {
    std::string_view segments[kMaxSegments];
    std::size_t count = 0;
    std::vector<std::pair<std::string, std::string>>* params = nullptr;

    // Depth-first so that a literal dead end can fall back to a parameter at the same level.
    template <class NodeT>
    const NodeT* run(const NodeT* node, std::size_t i) const {
        if (i == count) return node->endpoints.empty() ? nullptr : node;
        if (const NodeT* next = node->literal(segments[i])) {
            if (const NodeT* hit = run(next, i + 1)) return hit;
        }
        if (node->param) {
            params->emplace_back(node->param_name, std::string(segments[i]));
            if (const NodeT* hit = run(node->param.get(), i + 1)) return hit;
            params->pop_back();
        }
        return nullptr;
    }
};

}  // namespace

RouteMatch Router::match(Method method, std::string_view path) const {
    RouteMatch result;
    Walk walk;
    walk.params = &result.params;
    const bool fits = for_each_segment(path, [&](std::string_view s) {
        if (walk.count == kMaxSegments) return false;
        walk.segments[walk.count++] = s;
        return true;
    });
    const Node* found = fits ? walk.run(root_.get(), 0) : nullptr;
    if (found == nullptr) {
        result.params.clear();
        return result;
    }
    for (const auto& endpoint : found->endpoints) {
        if (endpoint.method == method || (method == Method::Head && endpoint.method == Method::Get)) {
            result.outcome = RouteMatch::Outcome::Found;
            result.handler = &endpoint.handler;
            result.pattern = &endpoint.pattern;
            result.route_index = endpoint.index;
            return result;
        }
    }
    result.outcome = RouteMatch::Outcome::MethodNotAllowed;
    result.params.clear();
    for (const auto& endpoint : found->endpoints) {
        if (!result.allowed.empty()) result.allowed += ", ";
        result.allowed += to_string(endpoint.method);
    }
    return result;
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
    return routes_;
}

}  // namespace bh::http
