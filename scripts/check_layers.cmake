# Build-time check of one layer of host/ (CMakeLists.txt, ionarray_layer): every quoted include
# "FOLDER/..." of its files must name the layer itself or a layer it may use.
#   cmake -DLAYER=name -DALLOWED=a,b -DFILE_LIST=file -DSTAMP=file -P check_layers.cmake
#   (FILE_LIST holds the layer's files as a CMake list)
cmake_minimum_required(VERSION 3.25)
string(REPLACE "," ";" ALLOWED "${ALLOWED}")
file(READ "${FILE_LIST}" FILES)
set(bad "")
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[A-Za-z0-9_]+/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([A-Za-z0-9_]+)/.*$" "\\1" folder "${line}")
    if(NOT folder IN_LIST ALLOWED)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\".*$" "\\1" header "${line}")
      string(APPEND bad "\n  ${file} includes ${header}")
    endif()
  endforeach()
endforeach()
if(bad)
  string(REPLACE ";" ", " allowed_text "${ALLOWED}")
  message(FATAL_ERROR "layer ${LAYER} may include only ${allowed_text}; these run the wrong way or skip a "
                      "declared dependency (host/CMakeLists.txt):${bad}")
endif()
file(WRITE "${STAMP}" "")
