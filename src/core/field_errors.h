#pragma once
// The problems found while reading one request — its JSON body (runtime/json_input.h) or its query
// string (runtime/query_input.h) — collected field by field and thrown together as one 400
// VALIDATION_ERROR whose `errors` name each field (http/error_response.cpp writes it).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace bh {

class FieldErrors {
  public:
    void add(std::string_view field, std::string message) {
        errors_.push_back({std::string(field), std::move(message)});
    }
    bool empty() const { return errors_.empty(); }
    std::size_t size() const { return errors_.size(); }
    const std::vector<FieldError>& list() const { return errors_; }
    // The text trimmed, or nullopt when blank; over max_length characters or holding control
    // characters it is an error of `field` (and nullopt).
    std::optional<std::string> text(std::string_view field, std::string_view raw, std::size_t max_length);
    // Throws BadRequest "<what>: field message, field message" with every error, if there is one.
    void throw_if_any(std::string_view what) const;

  private:
    std::vector<FieldError> errors_;
};

// Text a person may have typed: no control characters other than tab, CR and LF.
bool has_control_characters(std::string_view text);
// Without the spaces, tabs, CRs and LFs around it.
std::string_view trimmed(std::string_view text);

}  // namespace bh
