; Purge Watch's additions to electron-builder's NSIS installer (electron-builder.yml:
; nsis.include). test/packaging/config.test.ts checks it against the names the app uses.
;
; The app registers two things itself at run time, under HKCU, which the installer does not
; know of: the purgewatch:// handler (app.setAsDefaultProtocolClient writes
; Software\Classes\purgewatch) and, with "Launch at login" on, its login item
; (app.setLoginItemSettings writes a Run value named after the AppUserModelID, and Task
; Manager's switch for it under StartupApproved\Run). Left behind, both would point at a
; removed program. An update runs the old version's uninstaller too (${isUpdated}): then they
; stay, since the new version is installed at the same path.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegKey HKCU "Software\Classes\purgewatch"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "io.purgewatch.app"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "io.purgewatch.app"
  ${endIf}
!macroend
