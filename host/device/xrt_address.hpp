#pragma once
// Which card and bitstream an xrt:// URI names:
//   xrt://?xclbin=PATH                 device 0
//   xrt://DEVICE?xclbin=PATH           DEVICE: an index (0, 1, ...) or a PCIe BDF (0000:65:00.1)
//   ...&kernel=NAME                    a kernel name other than ionarray_link
#include <string>
#include <string_view>

namespace ionarray {

inline constexpr std::string_view kDefaultXrtKernel = "ionarray_link";

struct XrtAddress {
  std::string device = "0";  // index or BDF, as xrt::device takes it
  std::string xclbin;
  std::string kernel = std::string(kDefaultXrtKernel);
};

// InputError (field "device") naming the malformed part and the accepted forms.
XrtAddress parse_xrt_uri(std::string_view uri);

}  // namespace ionarray
