# Install rules, for `cmake --install` (prefix /usr/local by default) and for the Debian package
# `cpack -G DEB` makes (prefix /usr): jwtool stripped, the manual pages gzipped, the completion
# scripts the built jwtool writes (src/CMakeLists.txt) where each shell looks, and in the package
# the copyright file and changelog Debian policy asks for.
include(GNUInstallDirs)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# build/src/jwtool keeps its debug information (about 50 MB of it); the installed one does not.
# Stripped as dh_strip does, without the .comment and .note sections either.
option(JWTOOL_INSTALL_STRIP "Strip the installed jwtool of its symbols and debug information" ON)
install(TARGETS jwtool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(JWTOOL_INSTALL_STRIP AND CMAKE_STRIP)
  install(CODE "
    set(jwtool_installed \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/jwtool\")
    execute_process(COMMAND \"${CMAKE_STRIP}\" --remove-section=.comment --remove-section=.note \"\${jwtool_installed}\" RESULT_VARIABLE jwtool_strip_status)
    if(NOT jwtool_strip_status EQUAL 0)
      message(FATAL_ERROR \"jwtool: could not strip \${jwtool_installed}\")
    endif()")
endif()

# Manual pages and the changelog gzipped as Debian does (gzip -9n: no name, no time stamp, so the
# same bytes on every build).
find_program(JWTOOL_GZIP gzip REQUIRED)
set(jwtool_gzipped_dir ${CMAKE_BINARY_DIR}/gzipped)
file(GLOB jwtool_man_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
configure_file(${CMAKE_CURRENT_LIST_DIR}/deb/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
set(jwtool_gzipped_man_pages)
foreach(source IN LISTS jwtool_man_pages ITEMS ${CMAKE_BINARY_DIR}/packaging/changelog)
  get_filename_component(name ${source} NAME)
  add_custom_command(OUTPUT ${jwtool_gzipped_dir}/${name}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${jwtool_gzipped_dir}
    COMMAND ${JWTOOL_GZIP} -9nc ${source} > ${jwtool_gzipped_dir}/${name}.gz
    DEPENDS ${source}
    VERBATIM)
  list(APPEND jwtool_gzipped ${jwtool_gzipped_dir}/${name}.gz)
endforeach()
add_custom_target(jwtool_gzipped ALL DEPENDS ${jwtool_gzipped})
list(FILTER jwtool_gzipped INCLUDE REGEX "\\.1\\.gz$")
install(FILES ${jwtool_gzipped} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# A package whose version has no Debian revision (1.0.0) is native: its changelog is changelog.gz.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/deb/copyright ${jwtool_gzipped_dir}/changelog.gz
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/jwtool)

# Completion scripts. bash-completion looks in share/bash-completion/completions under /usr, under
# /usr/local, and beside the directory jwtool is in.
set(jwtool_completions ${CMAKE_BINARY_DIR}/completions)
install(FILES ${jwtool_completions}/jwtool DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# zsh: Debian's looks in /usr/local/share/zsh/site-functions and /usr/share/zsh/vendor-completions,
# not /usr/share/zsh/site-functions. The prefix is known only when installing (cpack installs with
# /usr, `cmake --install --prefix` with another), so the directory is chosen then, unless given.
set(JWTOOL_ZSH_COMPLETION_DIR "" CACHE STRING
  "Where the zsh completion goes, under the prefix (default: share/zsh/vendor-completions for /usr, share/zsh/site-functions otherwise)")
install(CODE "
  set(jwtool_zsh_dir \"${JWTOOL_ZSH_COMPLETION_DIR}\")
  if(jwtool_zsh_dir STREQUAL \"\" AND CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(jwtool_zsh_dir share/zsh/vendor-completions)
  elseif(jwtool_zsh_dir STREQUAL \"\")
    set(jwtool_zsh_dir share/zsh/site-functions)
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${jwtool_zsh_dir}\" TYPE FILE FILES \"${jwtool_completions}/_jwtool\")")

# fish: the directory fish's pkg-config file names (under fish's own prefix, taken relative to
# ours), else share/fish/vendor_completions.d. fish 3.6 (Debian 12) looks there under /usr, and under
# /usr/local only when XDG_DATA_DIRS names /usr/local/share (README, "Install").
set(jwtool_fish_dir share/fish/vendor_completions.d)
pkg_get_variable(jwtool_fish_completionsdir fish completionsdir)
pkg_get_variable(jwtool_fish_prefix fish prefix)
if(jwtool_fish_completionsdir AND jwtool_fish_prefix)
  string(FIND "${jwtool_fish_completionsdir}" "${jwtool_fish_prefix}/" jwtool_fish_at)
  if(jwtool_fish_at EQUAL 0)
    string(LENGTH "${jwtool_fish_prefix}/" jwtool_fish_prefix_length)
    string(SUBSTRING "${jwtool_fish_completionsdir}" ${jwtool_fish_prefix_length} -1 jwtool_fish_dir)
  endif()
endif()
install(FILES ${jwtool_completions}/jwtool.fish DESTINATION ${jwtool_fish_dir})

include(${CMAKE_CURRENT_LIST_DIR}/deb/cpack.cmake)
