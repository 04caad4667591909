#include "services/portal/static_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace bh::portal {
namespace {

namespace fs = std::filesystem;

class StaticFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        base = fs::temp_directory_path() / ("bh-static-" + std::to_string(std::random_device{}()));
        root = base / "www";
        fs::create_directories(root / "assets");
        write(root / "index.html", "<h1>app</h1>");
        write(root / "assets" / "app.js", "console.log(1)");
        write(root / "logo.svg", "<svg/>");
        write(base / "secret.txt", "outside");
        fs::create_symlink(base / "secret.txt", root / "escape.txt");
    }
    void TearDown() override { fs::remove_all(base); }
    static void write(const fs::path& p, std::string_view text) { std::ofstream(p) << text; }

    fs::path base;
    fs::path root;
};

TEST_F(StaticFiles, ServesFilesWithTheirContentType) {
    StaticDirectory dir(root);
    auto page = dir.serve("/index.html", "");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->body, "<h1>app</h1>");
    EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(dir.serve("assets/app.js", "")->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(dir.serve("logo.svg", "")->content_type, "image/svg+xml");
    EXPECT_EQ(content_type_for("x.unknownext"), "application/octet-stream");
}

TEST_F(StaticFiles, RefusesEveryWayOutOfTheDirectory) {
    StaticDirectory dir(root);
    for (auto bad : {"../secret.txt", "/../secret.txt", "assets/../../secret.txt", "./index.html", "..",
                     "assets\\..\\..\\secret.txt", "escape.txt", "assets"}) {
        EXPECT_FALSE(dir.serve(bad, "")) << bad;
    }
    EXPECT_FALSE(resolve_under(root, std::string("index.html\0x", 12)));
    EXPECT_FALSE(dir.serve("missing.js", ""));
}

TEST_F(StaticFiles, AnswersNotModifiedForTheCurrentEtag) {
    StaticDirectory dir(root);
    const auto first = dir.serve("index.html", "");
    std::string etag;
    for (const auto& [name, value] : first->headers) {
        if (name == "ETag") etag = value;
    }
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(dir.serve("index.html", etag)->status, 304);
    EXPECT_TRUE(dir.serve("index.html", etag)->body.empty());
    EXPECT_EQ(dir.serve("index.html", "\"other\", " + etag)->status, 304);
    EXPECT_EQ(dir.serve("index.html", "\"other\"")->status, 200);
}

TEST_F(StaticFiles, MissingDirectoryServesNothing) {
    StaticDirectory dir(base / "nope");
    EXPECT_FALSE(dir.exists());
    EXPECT_FALSE(dir.serve("index.html", ""));
    EXPECT_FALSE(StaticDirectory({}).exists());
}

}  // namespace
}  // namespace bh::portal
