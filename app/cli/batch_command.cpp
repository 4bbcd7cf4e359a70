// `convanim batch PATH... -o OUTDIR`: every config under the paths, rendered in parallel. Every config
// is read and checked first; configs that would write the same file are refused; outputs go below
// OUTDIR only; a figure is skipped when a stamp beside its outputs says that the same config, flags,
// formats and program made them.
#include <unistd.h>

#include <atomic>
#include <climits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "convanim/version.hpp"
#include "renderer/outputs/pending_file.hpp"
#include "renderer/render.hpp"
#include "app/batch/batch_plan.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/progress.hpp"
#include "app/cli/render_flags.hpp"
#include "src/config/json_file.hpp"
#include "app/gallery/gallery_page.hpp"

namespace convanim::cli {
namespace {
namespace fs = std::filesystem;

struct BatchOptions {
  std::vector<std::string> paths;
  std::string outdir;
  std::vector<std::string> formats{"gif"};
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string shard = "1/1";
  std::string manifest;
  std::string page;  // the gallery's web page, with its CSS beside it
  bool force = false, quiet = false;
  RenderOverrides flags;
};

// The formats --format takes: every output's extension, without its dot.
std::vector<std::string> known_formats() {
  std::vector<std::string> formats;
  for (const OutputType* type : output_types()) formats.push_back(std::string(type->extension.substr(1)));
  return formats;
}

std::pair<int, int> parse_shard(const std::string& text) {
  int k = 0, n = 0;
  char slash = 0, extra = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || in >> extra || n < 1 || k < 1 || k > n)
    throw ConfigError("command line", "--shard", fmt::format("expected K/N with 1 <= K <= N, got {}", quote_excerpt(text)));
  return {k, n};
}

std::string fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (char c : bytes) hash = (hash ^ std::uint8_t(c)) * 0x100000001b3ull;
  return fmt::format("{:016x}", hash);
}

// The running program, by version and by the bytes of its executable: a rebuilt program re-renders.
std::string program_identity() {
  std::string bytes;
  if (FILE* exe = std::fopen("/proc/self/exe", "rb")) {
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, exe)) > 0;) bytes.append(buffer, n);
    std::fclose(exe);
  }
  return fmt::format("convanim {} {}", convanim::version, fnv1a(bytes));
}

// The hidden file beside a figure's outputs that records what made them. A name too long for the
// file system is cut and told apart by a hash, so that the stamp of any figure can be written.
std::string stamp_name(const BatchItem& item) {
  constexpr std::string_view suffix = ".convanim-stamp";
  const std::string stem = item.name.filename().string();
  if (1 + stem.size() + suffix.size() <= NAME_MAX) return fmt::format(".{}{}", stem, suffix);
  constexpr std::size_t hash_digits = 16;
  return fmt::format(".{}.{}{}", stem.substr(0, NAME_MAX - 2 - hash_digits - suffix.size()), fnv1a(stem), suffix);
}

// A file as the file system will find it, however its path is spelt.
fs::path resolved(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  const fs::path canonical = fs::weakly_canonical(absolute, error);
  return error ? absolute.lexically_normal() : canonical;
}

// One config, read and checked, with everything decided before rendering.
struct Job {
  BatchItem item;
  std::string text;  // the config's bytes, as read once
  std::optional<Config> config;
  std::vector<fs::path> files;  // relative to OUTDIR
  std::size_t steps = 0;        // what the figure will cost, roughly
  std::string error;            // why it is not rendered
};

class Batch {
 public:
  Batch(const BatchOptions& options, const std::vector<BatchItem>& items)
      : options_(options),
        progress_(options.quiet ? Progress::Mode::quiet
                  : isatty(STDERR_FILENO) ? Progress::Mode::bar
                                          : Progress::Mode::lines,
                  items.size()) {
    for (const BatchItem& item : items) jobs_.push_back(load(item));
    refuse_collisions();
    refuse_shared_files();
  }

  int run() {
    std::error_code error;
    fs::create_directories(options_.outdir, error);
    if (error) throw OutputError(options_.outdir, fmt::format("cannot create the directory: {}", error.message()));
    outdir_ = OutputDirectory::open(options_.outdir);
    if (!options_.force) program_ = program_identity();
    flags_ = nlohmann::json(options_.flags.values).dump();
    // The longest figures first, so that no core is left with a long one at the end while the
    // others wait (the order of the outputs, the manifest and the page stays the list's).
    std::vector<std::size_t> order(jobs_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return jobs_[a].steps > jobs_[b].steps; });
    std::vector<std::jthread> workers;
    const unsigned count = std::min<unsigned>(options_.jobs, unsigned(std::max<std::size_t>(jobs_.size(), 1)));
    for (unsigned j = 0; j < count; ++j)
      workers.emplace_back([this, &order] {
        for (std::size_t k = next_++; k < order.size(); k = next_++) render_job(jobs_[order[k]], order[k]);
      });
    workers.clear();  // joins
    if (!options_.manifest.empty()) write_manifest();
    if (!options_.page.empty()) write_page();
    progress_.finish();
    return progress_.failures() > 0 ? exit_failure : exit_ok;
  }

 private:
  Job load(const BatchItem& item) const {
    Job job{item, {}, {}, {}, 0, {}};
    try {
      job.text = read_config_file(item.config);
      job.config = load_config_text(job.text, item.config);
      const FigurePlan plan(*job.config, options_.flags);
      check_render_plan(plan);  // before any value is computed
      job.steps = plan.steps();
      for (const std::string& format : options_.formats)
        for (fs::path& file : output_files(item, format, job.steps)) job.files.push_back(std::move(file));
    } catch (const std::exception& e) {
      job.error = e.what();
    }
    return job;
  }

  void refuse_collisions() {
    std::vector<std::vector<fs::path>> files;
    for (const Job& job : jobs_) files.push_back(job.files);
    for (const Collision& c : find_collisions(files)) {
      const fs::path file = fs::path(options_.outdir) / c.file;
      for (auto [mine, theirs] : {std::pair{c.first, c.second}, std::pair{c.second, c.first}})
        if (jobs_[mine].error.empty())
          jobs_[mine].error = fmt::format("{} and {} would both write {}; rename one of them",
                                          jobs_[mine].item.config.string(), jobs_[theirs].item.config.string(),
                                          file.string());
    }
  }

  // The manifest, the page and the page's CSS must be files that no figure writes (as an output or a
  // stamp), and not one another: refused before anything is written, as two writes to one file.
  void refuse_shared_files() const {
    std::map<fs::path, std::pair<std::string, fs::path>> writers;  // file -> its flag, as given
    const auto add = [&](const std::string& flag, const fs::path& file) {
      const auto [it, added] = writers.try_emplace(resolved(file), flag, file);
      if (!added)
        throw ConfigError("command line", flag,
                          fmt::format("{} {} and {} {} are one file; allowed: a file nothing else writes", it->second.first,
                                      it->second.second.string(), flag, file.string()));
    };
    if (!options_.manifest.empty()) add("--manifest", options_.manifest);
    if (!options_.page.empty()) {
      add("--page", options_.page);
      add("--page", resolved(options_.page).parent_path() / gallery_css_name);  // written beside the page
    }
    if (writers.empty()) return;
    for (const Job& job : jobs_) {
      std::vector<fs::path> files = job.files;
      files.push_back(job.item.name.parent_path() / stamp_name(job.item));
      for (const fs::path& file : files) {
        const fs::path path = fs::path(options_.outdir) / file;
        if (const auto found = writers.find(resolved(path)); found != writers.end())
          throw ConfigError("command line", found->second.first,
                            fmt::format("{} is also where {} writes {}; allowed: a file no figure writes",
                                        found->second.second.string(), job.item.config.string(), path.string()));
      }
    }
  }

  std::string stamp_of(const Job& job) const {
    return nlohmann::ordered_json{{"program", program_},
                                  {"config", fnv1a(job.text)},
                                  {"flags", flags_},
                                  {"formats", options_.formats}}
        .dump();
  }

  bool up_to_date(const Job& job, const OutputDirectory& directory) const {
    if (options_.force) return false;
    const fs::path dir = directory.path();
    for (const fs::path& file : job.files)
      if (!fs::is_regular_file(fs::symlink_status(fs::path(options_.outdir) / file))) return false;
    std::error_code error;
    const fs::path stamp = dir / stamp_name(job.item);
    if (!fs::is_regular_file(fs::symlink_status(stamp, error))) return false;
    try {
      return read_config_file(stamp) == stamp_of(job);
    } catch (const std::exception&) {
      return false;
    }
  }

  void render_job(const Job& job, std::size_t index) {
    const std::string name = job.item.name.generic_string();
    const auto start = std::chrono::steady_clock::now();
    progress_.started(name);
    if (!job.error.empty()) return progress_.failed(name, job.error);
    try {
      const Figure figure(*job.config, options_.flags);
      const auto directory = OutputDirectory::open_below(*outdir_, job.item.name.parent_path());
      if (up_to_date(job, *directory)) {
        progress_.skipped(name);
      } else {
        // The stamp goes first and comes back last: a render that fails part-way is never "up to date".
        const std::string stamp = stamp_name(job.item);
        unlinkat(directory->fd(), stamp.c_str(), 0);
        std::vector<OutputTarget> targets;
        for (const std::string& format : options_.formats)
          targets.push_back(OutputTarget{directory, job.item.name.filename().string() + "." + format});
        render_files(figure, targets);  // each frame drawn once, for every format
        PendingFile stamp_file(OutputTarget{directory, stamp});
        stamp_file.write(stamp_of(job));
        stamp_file.commit();
        progress_.rendered(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      if (!options_.page.empty()) {
        PageFigure page = page_figure(job.item, job.text, *job.config, figure);
        std::lock_guard lock(manifest_mutex_);
        page_figures_[index] = std::move(page);
      }
      if (!options_.manifest.empty()) {
        nlohmann::ordered_json entry{{"config", job.item.config.generic_string()}, {"config_hash", fnv1a(job.text)}};
        entry["frames"] = figure.frames();
        entry["size"] = {figure.view->width(), figure.view->height()};
        entry["frames_hash"] = frames_hash(figure);
        entry["formats"] = options_.formats;
        std::lock_guard lock(manifest_mutex_);
        manifest_entries_[index] = {name, std::move(entry)};
      }
    } catch (const std::exception& e) {
      progress_.failed(name, e.what());
    }
  }

  void write_manifest() {
    nlohmann::ordered_json entries = nlohmann::ordered_json::object();
    for (const auto& [index, named] : manifest_entries_) entries[named.first] = named.second;
    const nlohmann::ordered_json manifest{{"program", "convanim"}, {"version", convanim::version}, {"figures", entries}};
    try {
      PendingFile file(options_.manifest);
      file.write(manifest.dump(2) + "\n");
      file.commit();
    } catch (const std::exception& e) {
      progress_.failed(options_.manifest, e.what());
    }
  }

  // Lists the figures rendered (or up to date), as the manifest does.
  void write_page() {
    std::vector<PageFigure> figures;
    for (auto& [index, figure] : page_figures_) figures.push_back(std::move(figure));
    try {
      write_gallery_page(figures, PageOptions{options_.page, options_.outdir, fs::current_path(), options_.formats,
                                              options_.flags});
    } catch (const std::exception& e) {
      progress_.failed(options_.page, e.what());
    }
  }

  const BatchOptions& options_;
  std::vector<Job> jobs_;
  Progress progress_;
  std::shared_ptr<OutputDirectory> outdir_;
  std::string program_, flags_;
  std::atomic<std::size_t> next_ = 0;
  std::mutex manifest_mutex_;
  std::map<std::size_t, std::pair<std::string, nlohmann::ordered_json>> manifest_entries_;  // in list order
  std::map<std::size_t, PageFigure> page_figures_;
};

}  // namespace

void add_batch_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<BatchOptions>();
  CLI::App* batch = app.add_subcommand(
      "batch", "Render every config under the given files and directories (recursively, *.json) in parallel");
  batch->add_option("paths", options->paths, "Config files or directories")->required();
  batch->add_option("-o,--outdir", options->outdir, "Output directory: OUTDIR/<config stem>.<format>, keeping "
                                                    "subdirectories")->required();
  batch->add_option("--format", options->formats,
                    fmt::format("Formats to write, comma-separated: {}", fmt::join(known_formats(), ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(known_formats()))
      ->capture_default_str();
  batch->add_option("-j,--jobs", options->jobs, "Configs rendered at once (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  batch->add_option("--shard", options->shard,
                    "Render only the K-th of N deterministic slices of the sorted config list (K/N, 1 <= K <= N), "
                    "for job arrays")
      ->capture_default_str();
  batch->add_flag("--force", options->force,
                  "Render even when a figure's outputs were made from the same config, flags and program");
  batch->add_flag("-q,--quiet", options->quiet, "Print nothing but errors");
  batch->add_option("--manifest", options->manifest,
                    "Also write a manifest (config hash, program version, hash of the drawn frames) to this file");
  batch->add_option("--page", options->page,
                    "Also write the gallery as a web page (this HTML file and gallery.css beside it): every "
                    "figure with its animation, caption, config and command");
  add_render_flags(*batch, options->flags);
  batch->callback([options, &run] {
    run = [options] {
      const auto [k, n] = parse_shard(options->shard);
      if (!options->page.empty() && n > 1)
        throw ConfigError("command line", "--page",
                          "the page lists the whole set, and a shard renders part of it; allowed: --page without "
                          "--shard (run once the shards are done: their figures are up to date and skipped)");
      std::vector<fs::path> paths(options->paths.begin(), options->paths.end());
      Batch batch_run(*options, shard(collect_configs(paths), k, n));
      return batch_run.run();
    };
  });
}

}  // namespace convanim::cli
