/**
 * Stand-in for the office-addin-manifest package under Jest (mapped in jest.config.js).
 * office-addin-mock needs only its OfficeApp enum, but the real package reaches an ESM-only
 * module that Jest 30 on Node 20 cannot require.
 */
const OfficeApp = Object.freeze({
  Excel: "excel",
  OneNote: "onenote",
  Outlook: "outlook",
  PowerPoint: "powerpoint",
  Project: "project",
  Word: "word",
});

module.exports = { OfficeApp };
