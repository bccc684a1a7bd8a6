# aicc_add_model(<target> MODEL <file.onnx> [STATIC] [OPTIONS <aicc flags>...])
#
# Compiles an ONNX model with aicc::aicc as part of the build.
#   STATIC    <target> is a static library holding the model, and <target>.h, on its include
#             path, declares `const aicc_linked_artifact *<target>_artifact(void);`:
#                 target_link_libraries(server PRIVATE <target>)
#                 aicc_model_load_linked(<target>_artifact(), &model);   /* then sessions */
#             The target's name must be a C identifier. Models with different names link into one
#             program; the linker keeps each one the program calls for, without --whole-archive.
#   otherwise <target> builds the artifact <target>.so for aicc_model_load, and
#             $<TARGET_FILE:<target>> is its path.
# OPTIONS go to aicc as they are (--mcpu=x86-64-v3, --input-shape x=1x3x224x224, ...). The model
# is compiled again when the .onnx file, its external-data files (aicc's depfile names them), the
# OPTIONS or aicc change, and only then.

# The depfile's paths are rewritten for the generator, whatever the calling project's policies
# (CMP0116): function() records the policies in effect where it is defined.
cmake_policy(PUSH)
cmake_policy(SET CMP0116 NEW)

function(aicc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "STATIC" "MODEL" "OPTIONS")
  set(usage "aicc_add_model(<target> MODEL <file.onnx> [STATIC] [OPTIONS <aicc flags>...])")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "aicc_add_model(${target}): unexpected '${arg_UNPARSED_ARGUMENTS}'; usage: ${usage}")
  endif()
  if(NOT arg_MODEL)
    message(FATAL_ERROR "aicc_add_model(${target}): MODEL <file.onnx> is required; usage: ${usage}")
  endif()
  if(arg_STATIC AND NOT target MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "aicc_add_model(${target}): a STATIC model's target names its C function "
                        "${target}_artifact(), so it must be a C identifier")
  endif()
  # <target>.h is on the include path of everything that links the model.
  set(c_headers assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp signal
      stdalign stdarg stdatomic stdbool stddef stdint stdio stdlib stdnoreturn string tgmath threads time
      uchar wchar wctype)
  if(arg_STATIC AND target IN_LIST c_headers)
    message(FATAL_ERROR "aicc_add_model(${target}): ${target}.h would hide the C library's <${target}.h>: "
                        "name the model otherwise")
  endif()
  get_filename_component(model "${arg_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_source_file_property(model_generated "${model}" GENERATED)
  if(NOT EXISTS "${model}" AND NOT model_generated)
    message(FATAL_ERROR "aicc_add_model(${target}): MODEL '${model}' does not exist")
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/aicc_models/${target}")
  file(MAKE_DIRECTORY "${dir}")
  set(object "${dir}/${target}.o")
  set(depfile "${dir}/${target}.d")
  if(arg_STATIC)
    set(header "${dir}/${target}.h")
    set(outputs "${object}" "${header}")
    set(form -o "${object}" --name "${target}" --header "${header}")
    set(what "into the static library ${target}")
  else()
    set(outputs "${object}")
    set(form -c -o "${object}")
    set(what "for ${target}.so")
  endif()
  # Make compares times only: the options live in a file that changes when they do.
  file(CONFIGURE OUTPUT "${dir}/options.txt" CONTENT "${arg_OPTIONS}\n" @ONLY)
  add_custom_command(OUTPUT ${outputs}
    COMMAND aicc::aicc "${model}" ${form} --depfile "${depfile}" ${arg_OPTIONS}
    DEPENDS "${model}" "$<TARGET_FILE:aicc::aicc>" "${dir}/options.txt"
    DEPFILE "${depfile}"
    COMMENT "aicc: compiling ${arg_MODEL} ${what}"
    VERBATIM)
  set_source_files_properties("${object}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)

  if(arg_STATIC)
    add_library(${target} STATIC "${object}" "${header}")
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${dir}>")
    # The model's code calls the runtime's kernels and libm.
    target_link_libraries(${target} PUBLIC aicc::runtime m)
  else()
    add_library(${target} MODULE "${object}")
    set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".so")
    target_link_libraries(${target} PRIVATE aicc::runtime m)
    # As aicc links model.so: an unresolved symbol fails the build, not the load.
    target_link_options(${target} PRIVATE "LINKER:-z,defs" "LINKER:-z,noexecstack")
  endif()
  # A target made of objects only links with the project's C toolchain (or its C++ one).
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if("C" IN_LIST languages)
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  else()
    set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  endif()
endfunction()

cmake_policy(POP)
