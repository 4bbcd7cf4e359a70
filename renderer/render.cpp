#include "renderer/render.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "renderer/outputs/step_path.hpp"
#include "src/config/config_error.hpp"

namespace convanim {

// The outputs renderer/CMakeLists.txt lists, in its order: generated.
std::span<const OutputType* const> builtin_output_types();

namespace {
std::vector<const OutputType*>& registered() {
  static std::vector<const OutputType*> types = [] {
    const auto builtin = builtin_output_types();
    return std::vector<const OutputType*>(builtin.begin(), builtin.end());
  }();
  return types;
}

bool ends_with(const std::string& name, std::string_view extension) {
  return name.size() > extension.size() && name.compare(name.size() - extension.size(), extension.size(), extension) == 0;
}
}  // namespace

std::span<const OutputType* const> output_types() { return registered(); }

const OutputType* find_output_type(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const OutputType* best = nullptr;
  for (const OutputType* type : registered())
    if (ends_with(name, type->extension) && (!best || type->extension.size() > best->extension.size())) best = type;
  return best;
}

void register_output_type(const OutputType& type) {
  if (std::any_of(registered().begin(), registered().end(),
                  [&](const OutputType* known) { return known->extension == type.extension; }))
    throw std::invalid_argument(fmt::format("an output of {} exists", type.extension));
  registered().push_back(&type);
}

std::string supported_extensions() {
  std::string list;
  for (const OutputType* type : registered()) list += (list.empty() ? "" : ", ") + std::string(type->extension);
  return list;
}

std::unique_ptr<Output> make_output(const OutputTarget& target, const OutputOptions& options, OutputSession& session) {
  const OutputType* type = find_output_type(target.path());
  if (!type)
    throw OutputError(target.path(), fmt::format("unknown output extension {}; allowed: {}",
                                                 quote_excerpt(target.path().extension().string()),
                                                 supported_extensions()));
  return type->make(target, options, session);
}

namespace {
// The files `target` writes: itself, or one per step for the formats that write a file a step.
std::vector<OutputTarget> target_files(const OutputTarget& target, std::span<const std::size_t> steps,
                                       std::size_t step_count) {
  const OutputType* type = find_output_type(target.path());
  if (!type || !type->traits.file_per_step) return {target};
  std::vector<OutputTarget> files;
  for (std::size_t step : steps) files.push_back(per_step_target(target, step, step_count, type->extension));
  return files;
}

// Every file the targets write, before any is created: a name a file system can hold (it would
// otherwise fail at the rename, after the work), and no file written twice, however its path is
// spelt (a directory is known by its device and inode).
void check_target_files(const std::vector<OutputTarget>& targets, const Playback& play) {
  std::set<std::size_t> unique_steps;
  for (const PlannedFrame& frame : play.timeline.frames) unique_steps.insert(frame.step);
  const std::vector<std::size_t> steps(unique_steps.begin(), unique_steps.end());
  std::map<std::tuple<dev_t, ino_t, std::string>, std::filesystem::path> writers;
  for (const OutputTarget& target : targets) {
    struct stat directory {};
    if (fstat(target.directory->fd(), &directory) != 0) throw OutputError(target.path(), "cannot open its directory");
    for (const OutputTarget& file : target_files(target, steps, play.options.step_count)) {
      if (file.filename.size() > NAME_MAX)
        throw OutputError(file.path(), fmt::format("a file name of {} bytes; allowed: at most {} (shorten the "
                                                   "output's name)", file.filename.size(), NAME_MAX));
      const auto [it, added] = writers.try_emplace({directory.st_dev, directory.st_ino, file.filename}, target.path());
      if (!added)
        throw ConfigError("command line", "-o",
                          fmt::format("{} and {} would both write {}; allowed: each file written once",
                                      it->second.string(), target.path().string(), file.path().string()));
    }
  }
}
}  // namespace

void render_files(const Figure& figure, const std::vector<OutputTarget>& targets, FrameRange range) {
  const Playback play = playback(figure, range);
  check_draw_work(figure, play);  // before a file is even created
  check_target_files(targets, play);
  OutputSession session;
  std::vector<std::unique_ptr<Output>> outputs;
  std::vector<OutputSlot> slots;
  for (const OutputTarget& target : targets) {
    try {
      outputs.push_back(make_output(target, play.options, session));
    } catch (const OutputError&) {
      throw;
    } catch (const std::exception& e) {
      throw OutputError(target.path(), e.what());  // opening it: libav's words, this file
    }
    slots.push_back({outputs.back().get(), find_output_type(target.path())->traits});
  }
  render(figure, play, slots);
}

void render(const Figure& figure, Output& output, OutputTraits traits, FrameRange range) {
  const OutputSlot slots[] = {{&output, traits}};
  render(figure, playback(figure, range), slots);
}

}  // namespace convanim
