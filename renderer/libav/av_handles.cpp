#include "renderer/libav/av_handles.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace convanim {

namespace {
// Which log each watched context's lines go to, and every log's lines: one lock, as libav logs
// from its encoders' threads too (rarely: warnings and errors only).
std::mutex log_mutex;
std::unordered_map<const void*, LibavLog*> log_of;
std::unordered_map<const LibavLog*, std::deque<std::string>> log_lines;

void capture_line(void* context, int level, const char* format, va_list arguments) {
  if (level > AV_LOG_WARNING || !context) return;
  char text[512];
  va_list copy;
  va_copy(copy, arguments);
  std::vsnprintf(text, sizeof text, format, copy);
  va_end(copy);
  std::string line = text;
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  if (line.empty()) return;
  const std::lock_guard lock(log_mutex);
  const auto found = log_of.find(context);
  if (found == log_of.end()) return;
  std::deque<std::string>& lines = log_lines[found->second];
  const AVClass* type = *static_cast<AVClass* const*>(context);  // every context starts with its class
  lines.push_back(fmt::format("{}: {}", type && type->item_name ? type->item_name(context) : "libav", line));
  if (lines.size() > LibavLog::kept_lines) lines.pop_front();
}

// libav's own lines on stderr would break the one-line errors: they go to the logs instead.
const bool libav_captured = (av_log_set_callback(capture_line), true);

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}
}  // namespace

LibavLog::~LibavLog() {
  const std::lock_guard lock(log_mutex);
  std::erase_if(log_of, [this](const auto& entry) { return entry.second == this; });
  log_lines.erase(this);
}

void LibavLog::watch(const void* context) {
  const std::lock_guard lock(log_mutex);
  log_of[context] = this;
}

std::string LibavLog::notes() const {
  const std::lock_guard lock(log_mutex);
  const auto found = log_lines.find(this);
  if (found == log_lines.end() || found->second.empty()) return {};
  return fmt::format("; libav: {}", fmt::join(found->second, "; "));
}

LibavError::LibavError(int code, std::string_view doing)
    : std::runtime_error(fmt::format("{}: {}", doing, av_error_text(code))), code_(code) {}

int check(int ret, std::string_view doing) {
  if (ret < 0) throw LibavError(ret, doing);
  return ret;
}

FramePtr make_frame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw LibavError(AVERROR(ENOMEM), "allocating a frame");
  return frame;
}

PacketPtr make_packet() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw LibavError(AVERROR(ENOMEM), "allocating a packet");
  return packet;
}

namespace {

// Reads and writes at its own position with pread/pwrite: the reader a muxer opens for a second
// pass and the writer share one descriptor but never its file offset.
struct DescriptorIo {
  int fd;
  std::int64_t position = 0;
};

constexpr int io_buffer_size = 1 << 16;

int write_packet(void* opaque, std::uint8_t* data, int size) {
  auto* io = static_cast<DescriptorIo*>(opaque);
  for (int done = 0; done < size;) {
    const ssize_t n = pwrite(io->fd, data + done, std::size_t(size - done), io->position);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return AVERROR(n < 0 ? errno : EIO);
    done += int(n);
    io->position += n;
  }
  return size;
}

int read_packet(void* opaque, std::uint8_t* data, int size) {
  auto* io = static_cast<DescriptorIo*>(opaque);
  ssize_t n;
  do n = pread(io->fd, data, std::size_t(size), io->position);
  while (n < 0 && errno == EINTR);
  if (n < 0) return AVERROR(errno);
  if (n == 0) return AVERROR_EOF;
  io->position += n;
  return int(n);
}

std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
  auto* io = static_cast<DescriptorIo*>(opaque);
  struct stat info {};
  if ((whence & ~AVSEEK_FORCE) == AVSEEK_SIZE || (whence & ~AVSEEK_FORCE) == SEEK_END) {
    if (fstat(io->fd, &info) != 0) return AVERROR(errno);
    if ((whence & ~AVSEEK_FORCE) == AVSEEK_SIZE) return info.st_size;
    return io->position = info.st_size + offset;
  }
  if ((whence & ~AVSEEK_FORCE) == SEEK_CUR) return io->position += offset;
  if ((whence & ~AVSEEK_FORCE) == SEEK_SET) return io->position = offset;
  return AVERROR(EINVAL);
}

AVIOContext* make_io(int fd, bool write) {
  auto* buffer = static_cast<unsigned char*>(av_malloc(io_buffer_size));
  if (!buffer) return nullptr;
  auto* io = new DescriptorIo{fd};
  AVIOContext* context = avio_alloc_context(buffer, io_buffer_size, write ? 1 : 0, io, write ? nullptr : read_packet,
                                            write ? write_packet : nullptr, seek);
  if (!context) {
    av_free(buffer);
    delete io;
  }
  return context;
}

void free_io(AVIOContext* context) {
  if (!context) return;
  delete static_cast<DescriptorIo*>(context->opaque);
  av_freep(&context->buffer);
  avio_context_free(&context);
}

// A muxer's request to open a file: only the one it is writing, for reading back, is served.
int open_for_reading(AVFormatContext* format, AVIOContext** pb, const char*, int flags, AVDictionary**) {
  if ((flags & AVIO_FLAG_READ) == 0 || (flags & AVIO_FLAG_WRITE) != 0) return AVERROR(EPERM);
  *pb = make_io(static_cast<DescriptorIo*>(format->pb->opaque)->fd, false);
  return *pb ? 0 : AVERROR(ENOMEM);
}

int close_reader(AVFormatContext*, AVIOContext* pb) {
  free_io(pb);
  return 0;
}

}  // namespace

void OutputFormatFree::operator()(AVFormatContext* format) const noexcept {
  if (header_written) av_write_trailer(format);
  if (format->pb) {
    avio_flush(format->pb);
    free_io(format->pb);
    format->pb = nullptr;
  }
  avformat_free_context(format);
}

OutputFormatPtr open_output(const char* format_name, int fd, const std::string& name) {
  AVFormatContext* raw = nullptr;
  check(avformat_alloc_output_context2(&raw, nullptr, format_name, nullptr),
        fmt::format("setting up the {} muxer", format_name));
  OutputFormatPtr format(raw);
  format->url = av_strdup(name.c_str());
  format->pb = make_io(fd, true);
  if (!format->pb || !format->url) throw LibavError(AVERROR(ENOMEM), fmt::format("opening {}", name));
  format->flags |= AVFMT_FLAG_CUSTOM_IO;
  format->io_open = open_for_reading;
  format->io_close2 = close_reader;
  return format;
}

AVStream* start_stream(OutputFormatPtr& format, const AVCodecContext* encoder, AVDictionary* muxer_options,
                       std::string_view name) {
  AVStream* stream = avformat_new_stream(format.get(), nullptr);
  if (!stream) {
    av_dict_free(&muxer_options);
    throw LibavError(AVERROR(ENOMEM), fmt::format("adding the {} stream", name));
  }
  stream->time_base = encoder->time_base;
  int ret = avcodec_parameters_from_context(stream->codecpar, encoder);
  if (ret >= 0) ret = avformat_write_header(format.get(), &muxer_options);
  av_dict_free(&muxer_options);
  check(ret, fmt::format("writing the {} header", name));
  format.get_deleter().header_written = true;
  return stream;
}

void finish_output(OutputFormatPtr& format, std::string_view name) {
  format.get_deleter().header_written = false;
  check(av_write_trailer(format.get()), fmt::format("writing the {} trailer", name));
  avio_flush(format->pb);
  check(format->pb->error, fmt::format("writing the {} file", name));
  format.reset();
}

void encode_and_write(AVCodecContext* codec, const AVFrame* frame, AVFormatContext* format, AVStream* stream,
                      const std::function<std::int64_t(const AVPacket&)>& duration_of) {
  check(avcodec_send_frame(codec, frame), "sending a frame to the encoder");
  PacketPtr packet = make_packet();
  while (true) {
    const int ret = avcodec_receive_packet(codec, packet.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
    check(ret, "encoding a frame");
    packet->duration = duration_of(*packet);
    av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
    packet->stream_index = stream->index;
    check(av_interleaved_write_frame(format, packet.get()), "writing a packet");
  }
}

void encode_and_write(AVCodecContext* codec, const AVFrame* frame, AVFormatContext* format,
                      AVStream* stream, std::int64_t duration) {
  encode_and_write(codec, frame, format, stream,
                   [duration](const AVPacket& packet) { return packet.duration == 0 ? duration : packet.duration; });
}

}  // namespace convanim
