#include "services/budget/invoices/file_type.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace bh::budget {
namespace {

using namespace std::string_view_literals;

TEST(FileType, RecognisesPdfPngJpegByContent) {
    EXPECT_EQ(detect_file_type("%PDF-1.7\n..."sv)->content_type, "application/pdf");
    EXPECT_EQ(detect_file_type("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"sv)->extension, ".png");
    EXPECT_EQ(detect_file_type("\xFF\xD8\xFF\xE0\0\x10JFIF"sv)->content_type, "image/jpeg");
}

TEST(FileType, RejectsEverythingElse) {
    for (auto bytes : {"PK\x03\x04zip"sv, "GIF89a"sv, "<html>"sv, "%PDF"sv, "\x89PNG\r\n"sv, "\xFF\xD8\xFF"sv,
                       " %PDF-1.4"sv, "MZ\x90\0"sv}) {
        EXPECT_FALSE(detect_file_type(bytes).has_value()) << bytes;
    }
    try {
        require_supported_file_type("GIF89a");
        ADD_FAILURE();
    } catch (const AppError& error) {
        EXPECT_EQ(error.code(), "UNSUPPORTED_FILE_TYPE");
        EXPECT_EQ(error.kind(), ErrorKind::BadRequest);
        ASSERT_EQ(error.field_errors().size(), 1u);
        EXPECT_EQ(error.field_errors()[0].field, "file");
    }
    EXPECT_THROW(require_supported_file_type(""), AppError);
}

}  // namespace
}  // namespace bh::budget
