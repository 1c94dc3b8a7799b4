//! The newsroom's words, in Arabic (the default) and English, in one table so that every
//! page (articles, revisions, media library, accounts) says the same thing the same way.
//!
//! - [`Lang`]: the page language, an extractor: `?lang=en|ar` on the request, else the
//!   `warraq_lang` cookie (set by [`remember_language`] whenever `?lang=` is given), else
//!   Arabic.
//! - [`strings`]: every string of a language as a map, handed to templates as `t`
//!   (`{{ t.save }}`); a missing key fails the render (the environment is semi-strict),
//!   so a typo shows in tests, not as an empty button.
//! - [`tr`]: one string, for messages made in Rust.
//! - [`status_label`], [`role_label`]: the names of article states and roles.
//!
//! To add a string, add a row to `TABLE` (key, Arabic, English).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use warraq_domain::{Role, Status};

/// The cookie remembering the chosen language (not a secret; readable by scripts is fine).
pub const LANG_COOKIE: &str = "warraq_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ar,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En => "ltr",
        }
    }

    /// The other language (for the toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }

    /// `?lang=` of a query string, when it names a language.
    pub(super) fn from_query(query: Option<&str>) -> Option<Lang> {
        query?
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    }

    /// The language a request asks for: its query, else its cookie, else Arabic.
    pub fn of_request(parts: &Parts) -> Lang {
        Lang::from_query(parts.uri.query())
            .or_else(|| {
                crate::newsroom::session::cookie_value(&parts.headers, LANG_COOKIE)
                    .and_then(|v| Lang::parse(&v))
            })
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of_request(parts))
    }
}

/// Middleware: a request with `?lang=ar|en` gets the choice remembered in a cookie, so the
/// next pages (and forms posted from them) keep it.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = Lang::from_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/newsroom; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// (key, Arabic, English).
const TABLE: &[(&str, &str, &str)] = &[
    // frame
    ("newsroom", "غرفة الأخبار", "Newsroom"),
    (
        "skip_to_main",
        "انتقل إلى المحتوى الرئيسي",
        "Skip to main content",
    ),
    ("main_nav", "تنقل غرفة الأخبار", "Newsroom navigation"),
    ("articles", "المقالات", "Articles"),
    ("media_library", "مكتبة الصور", "Media library"),
    ("accounts", "الحسابات", "Accounts"),
    ("audit_log", "سجل التدقيق", "Audit log"),
    ("view_site", "الموقع", "View site"),
    ("switch_language", "English", "العربية"),
    (
        "switch_language_label",
        "Switch to English",
        "التبديل إلى العربية",
    ),
    ("logged_in_as", "الحساب", "Signed in as"),
    ("logout", "خروج", "Log out"),
    (
        "logout_everywhere",
        "الخروج من كل الأجهزة",
        "Log out everywhere",
    ),
    // login
    (
        "login_title",
        "الدخول إلى غرفة الأخبار",
        "Log in to the newsroom",
    ),
    ("email", "البريد الإلكتروني", "E-mail"),
    ("password", "كلمة المرور", "Password"),
    ("login", "دخول", "Log in"),
    (
        "login_failed",
        "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
        "Wrong e-mail or password.",
    ),
    (
        "login_throttled",
        "محاولات دخول فاشلة كثيرة. حاول مجدداً بعد {minutes} دقيقة.",
        "Too many failed logins. Try again in {minutes} minute(s).",
    ),
    ("logged_out", "خرجت من غرفة الأخبار.", "You are logged out."),
    (
        "logged_out_everywhere",
        "خرجت من غرفة الأخبار على كل الأجهزة.",
        "You are logged out on every device.",
    ),
    // errors
    (
        "error_title",
        "تعذّر إتمام الطلب",
        "The request could not be completed",
    ),
    (
        "error_forbidden",
        "لا تملك صلاحية القيام بهذا الإجراء.",
        "You are not allowed to do this.",
    ),
    (
        "error_csrf",
        "انتهت صلاحية النموذج أو لم يُرسل من غرفة الأخبار. أعد تحميل الصفحة وحاول مجدداً.",
        "This form expired or did not come from the newsroom. Reload the page and try again.",
    ),
    (
        "error_not_found",
        "لم نعثر على ما طلبت.",
        "What you asked for was not found.",
    ),
    (
        "error_stale",
        "عدّل شخص آخر هذا المقال بعد أن فتحته، فلم يُحفظ شيء.",
        "Someone else changed this article after you opened it; nothing was saved.",
    ),
    (
        "error_transition",
        "لا يمكن نقل المقال إلى هذه الحالة من حالته الحالية.",
        "The article cannot move to that state from its current one.",
    ),
    ("error_invalid", "قيمة غير صالحة", "Invalid value"),
    (
        "error_unavailable",
        "الخدمة غير متاحة مؤقتاً. حاول بعد قليل.",
        "The service is unavailable for a moment. Try again shortly.",
    ),
    (
        "error_internal",
        "حدث خطأ غير متوقع. حاول لاحقاً.",
        "Something went wrong. Try again later.",
    ),
    (
        "error_logged_out",
        "انتهت جلستك. سجّل الدخول مجدداً.",
        "Your session ended. Log in again.",
    ),
    ("back_to_articles", "العودة إلى المقالات", "Back to articles"),
    // states
    ("status_draft", "مسودة", "Draft"),
    ("status_in_review", "قيد المراجعة", "In review"),
    ("status_scheduled", "مجدول", "Scheduled"),
    ("status_embargoed", "محظور النشر", "Embargoed"),
    ("status_published", "منشور", "Published"),
    ("status_unpublished", "سُحب من النشر", "Unpublished"),
    // roles
    ("role_writer", "كاتب", "Writer"),
    ("role_editor", "محرر", "Editor"),
    ("role_chief", "رئيس التحرير", "Editor in chief"),
    // article list
    ("article_list", "المقالات", "Articles"),
    ("new_article", "مقال جديد", "New article"),
    ("filter", "تصفية", "Filter"),
    ("filters", "تصفية المقالات", "Filter articles"),
    ("status", "الحالة", "State"),
    ("all_states", "كل الحالات", "All states"),
    ("section", "القسم", "Section"),
    ("all_sections", "كل الأقسام", "All sections"),
    ("author", "الكاتب", "Author"),
    ("all_authors", "كل الكتّاب", "All authors"),
    ("headline", "العنوان", "Headline"),
    ("authors", "الكتّاب", "Authors"),
    ("last_change", "آخر تعديل", "Last change"),
    ("edit", "تحرير", "Edit"),
    ("no_articles", "لا توجد مقالات.", "No articles."),
    ("newer", "الأحدث", "Newer"),
    ("older", "الأقدم", "Older"),
    ("pages", "الصفحات", "Pages"),
    ("untitled", "(بلا عنوان)", "(untitled)"),
    // editor
    ("edit_article", "تحرير المقال", "Edit article"),
    ("new_article_title", "مقال جديد", "New article"),
    ("subheadline", "العنوان الفرعي", "Subheadline"),
    ("lede", "المقدمة", "Lede"),
    ("body", "نص المقال", "Body"),
    ("tags", "الوسوم", "Tags"),
    (
        "tags_hint",
        "افصل بين الوسوم بفاصلة.",
        "Separate tags with commas.",
    ),
    ("bureau", "المكتب", "Bureau"),
    ("no_bureau", "بلا مكتب", "No bureau"),
    ("wire_sources", "مصادر الوكالات", "Wire sources"),
    (
        "wire_sources_hint",
        "رموز الوكالات مفصولة بفاصلة، مثل AFP، رويترز.",
        "Agency codes separated by commas, e.g. AFP, Reuters.",
    ),
    (
        "authors_hint",
        "اختر كاتباً أو أكثر.",
        "Pick one or more authors.",
    ),
    ("hero_photo", "الصورة الرئيسية", "Hero photo"),
    ("no_hero", "لا صورة رئيسية.", "No hero photo."),
    ("choose_photo", "اختر صورة", "Choose a photo"),
    ("remove_photo", "إزالة الصورة", "Remove photo"),
    (
        "insert_photo_in_body",
        "أدرج صورة في النص",
        "Insert a photo in the body",
    ),
    ("search_photos", "ابحث في الصور", "Search photos"),
    ("search", "بحث", "Search"),
    ("close", "إغلاق", "Close"),
    ("pick", "اختيار", "Pick"),
    ("no_results", "لا نتائج.", "No results."),
    ("related_articles", "مقالات ذات صلة", "Related articles"),
    ("search_articles", "ابحث عن مقال", "Search articles"),
    ("add", "إضافة", "Add"),
    ("move_up", "تقديم", "Move up"),
    ("move_down", "تأخير", "Move down"),
    ("remove", "إزالة", "Remove"),
    ("no_related", "لا مقالات ذات صلة.", "No related articles."),
    ("workflow", "سير العمل", "Workflow"),
    ("schedule_at", "موعد النشر", "Publish at"),
    ("embargo_until", "رفع الحظر في", "Embargo until"),
    (
        "time_hint",
        "بتوقيت الموقع ({offset}). تُقبل الأرقام العربية والهندية.",
        "In the site's time zone ({offset}). Arabic-Indic digits are accepted.",
    ),
    ("correction_note", "ملاحظة التصحيح", "Correction note"),
    (
        "correction_hint",
        "تظهر للقراء مع تاريخ اليوم. اكتب ما صُحّح.",
        "Shown to readers with today's date. Say what was corrected.",
    ),
    ("publish_correction", "نشر التصحيح", "Publish correction"),
    ("save", "حفظ", "Save"),
    ("create", "إنشاء المسودة", "Create draft"),
    ("preview", "معاينة", "Preview"),
    ("revisions", "النسخ السابقة", "Revisions"),
    ("action_in_review", "إرسال للمراجعة", "Submit for review"),
    ("action_draft", "إعادة إلى المسودة", "Send back to draft"),
    ("action_published", "نشر الآن", "Publish now"),
    ("action_scheduled", "جدولة", "Schedule"),
    ("action_embargoed", "حظر حتى الموعد", "Embargo"),
    ("action_unpublished", "سحب من النشر", "Unpublish"),
    ("saved", "حُفظ", "Saved"),
    ("saving", "جارٍ الحفظ…", "Saving…"),
    ("save_failed", "تعذّر الحفظ", "Could not save"),
    ("unsaved", "تعديلات غير محفوظة", "Unsaved changes"),
    (
        "stale_message",
        "عدّل شخص آخر هذا المقال أثناء عملك، فلم يُحفظ نصك بعد. نصك ما زال في المحرر ونسخة منه محفوظة في هذا المتصفح.",
        "Someone else changed this article while you worked, so your text was not saved. It is still in the editor, and a copy is kept in this browser.",
    ),
    (
        "see_other_version",
        "عرض النسخة الأخرى",
        "See the other version",
    ),
    (
        "overwrite",
        "استبدال النسخة المحفوظة بنصي",
        "Replace the saved version with my text",
    ),
    (
        "overwrite_confirm",
        "سيحل نصك محل ما حفظه الآخر (تبقى نسخته في النسخ السابقة). هل تتابع؟",
        "Your text will replace what the other person saved (their version stays in the revisions). Continue?",
    ),
    (
        "restored_local",
        "وُجدت نسخة غير محفوظة من هذا المقال في هذا المتصفح.",
        "An unsaved copy of this article was found in this browser.",
    ),
    ("restore_local", "استعادتها", "Restore it"),
    ("discard_local", "تجاهلها", "Discard it"),
    (
        "read_only",
        "لا يمكنك تعديل هذا المقال في حالته الحالية.",
        "You cannot edit this article in its current state.",
    ),
    ("state_now", "الحالة الحالية", "Current state"),
    ("version", "النسخة", "Version"),
    ("editor_loading", "جارٍ تحميل المحرر…", "Loading the editor…"),
    (
        "editor_needs_js",
        "يحتاج المحرر إلى تفعيل JavaScript.",
        "The editor needs JavaScript.",
    ),
    ("photo_caption", "التعليق", "Caption"),
    ("photo_credit", "المصدر", "Credit"),
    // preview
    (
        "preview_banner",
        "معاينة: هكذا سيرى القراء المقال. حالته الآن: {status}.",
        "Preview: this is how readers will see the article. Its state now: {status}.",
    ),
    ("back_to_editor", "العودة إلى المحرر", "Back to the editor"),
    // revisions
    (
        "revisions_of",
        "النسخ السابقة للمقال",
        "Revisions of the article",
    ),
    ("who", "بواسطة", "By"),
    ("when", "التاريخ", "When"),
    ("view", "عرض", "View"),
    (
        "compare_with_current",
        "مقارنة بالحالية",
        "Compare with current",
    ),
    ("restore", "استعادة", "Restore"),
    (
        "restore_hint",
        "تصبح هذه النسخة هي الحالية (كنسخة جديدة). لا تتغير حالة النشر.",
        "Makes this version current (as a new one). The publication state does not change.",
    ),
    ("current_version", "الحالية", "current"),
    ("changes", "التغييرات", "Changes"),
    (
        "no_changes",
        "لا فرق بين النسختين.",
        "The two versions are the same.",
    ),
    ("removed", "حُذف", "removed"),
    ("added", "أُضيف", "added"),
    ("system", "النظام", "System"),
    ("import", "استيراد", "Import"),
    ("view_version", "عرض النسخة", "View version"),
    ("version_of", "نسخة من المقال", "A version of the article"),
    ("field_headline", "العنوان", "Headline"),
    ("field_subheadline", "العنوان الفرعي", "Subheadline"),
    ("field_lede", "المقدمة", "Lede"),
    ("field_body", "النص", "Body"),
    ("field_section", "القسم", "Section"),
    ("field_tags", "الوسوم", "Tags"),
    ("field_byline", "سطر الكاتب", "Byline"),
    ("field_hero", "الصورة الرئيسية", "Hero photo"),
    ("field_related", "المقالات ذات الصلة", "Related articles"),
    ("field_status", "الحالة", "State"),
    ("field_published_at", "وقت النشر", "Publication time"),
    ("field_embargo_until", "نهاية الحظر", "Embargo end"),
    ("field_formatting", "التنسيق", "Formatting"),
    // media library (library.rs)
    ("lib_upload_title", "رفع صورة", "Upload a picture"),
    ("lib_file", "ملف الصورة", "Picture file"),
    (
        "lib_upload_hint",
        "JPEG أو PNG أو WebP، حتى {mb} ميغابايت. تُحذف بيانات الموقع (EXIF) من الملف، ويُقرأ التعليق والمصدر من بياناته (IPTC) إن تُركا فارغين.",
        "JPEG, PNG or WebP, up to {mb} MB. Location data (EXIF) is removed; the caption and credit are read from the file's IPTC data when left empty.",
    ),
    ("lib_upload", "رفع الصورة", "Upload"),
    ("lib_pictures", "الصور", "Pictures"),
    (
        "lib_search_label",
        "ابحث في التعليقات والمصادر والأوصاف",
        "Search captions, credits and alt text",
    ),
    ("lib_no_pictures", "لا توجد صور بعد.", "No pictures yet."),
    (
        "lib_no_matches",
        "لا صور تطابق البحث.",
        "No picture matches the search.",
    ),
    ("lib_no_caption", "(بلا تعليق)", "(no caption)"),
    ("lib_archive", "صورة أرشيفية", "Archive photo"),
    ("lib_archive_badge", "أرشيفية", "Archive"),
    (
        "lib_archive_hint",
        "التُقطت قبل الحدث الذي ترافقه، ويظهر ذلك للقراء.",
        "Taken before the story it illustrates; readers are told.",
    ),
    ("lib_credit_agency", "الوكالة", "Agency"),
    ("lib_credit_none", "بلا مصدر", "No credit"),
    (
        "lib_credit_other_option",
        "مصدر آخر (اكتبه أدناه)",
        "Another source (type it below)",
    ),
    ("lib_credit_other", "مصدر آخر", "Other source"),
    (
        "lib_credit_other_hint",
        "مصور أو صحيفة، مثل «الشرق الأوسط». يُعرف اسم الوكالة إن كُتب هنا.",
        "A photographer or a paper. An agency named here is recognised.",
    ),
    ("lib_alt", "وصف الصورة لمن لا يراها", "Alt text"),
    (
        "lib_alt_hint",
        "ما تُظهره الصورة، لقارئات الشاشة ولمن لا تُحمَّل عنده.",
        "What the picture shows, for screen readers and when it does not load.",
    ),
    (
        "lib_caption_hint",
        "اتركه فارغاً ليُقرأ من بيانات الصورة إن وُجدت.",
        "Leave empty to read it from the picture's own data, if any.",
    ),
    ("lib_edit_title", "تحرير الصورة", "Edit picture"),
    (
        "lib_back",
        "العودة إلى مكتبة الصور",
        "Back to the media library",
    ),
    ("lib_uploaded", "رُفعت الصورة.", "The picture was uploaded."),
    (
        "lib_read_caption",
        "قُرئ التعليق من بيانات الصورة (IPTC)؛ راجعه قبل الحفظ.",
        "The caption was read from the picture's IPTC data; check it before saving.",
    ),
    (
        "lib_read_credit",
        "قُرئ المصدر من بيانات الصورة (IPTC)؛ راجعه قبل الحفظ.",
        "The credit was read from the picture's IPTC data; check it before saving.",
    ),
    (
        "lib_saved",
        "حُفظت بيانات الصورة.",
        "The picture's details were saved.",
    ),
    ("lib_details", "تفاصيل الملف", "File details"),
    ("lib_number", "الرقم", "Number"),
    ("lib_dimensions", "الأبعاد", "Dimensions"),
    ("lib_type", "النوع", "Type"),
    ("lib_size", "الحجم", "Size"),
    ("lib_kb", "ك.ب", "KB"),
    ("lib_uploaded_at", "أُضيفت في", "Added"),
    (
        "lib_remote",
        "محفوظة بعنوانها فقط",
        "Known by its address only",
    ),
    ("lib_words", "بيانات الصورة", "Picture details"),
    (
        "lib_error_no_file",
        "اختر ملف صورة لرفعه.",
        "Choose a picture file to upload.",
    ),
    (
        "lib_error_caption_long",
        "التعليق أطول من 1000 حرف.",
        "The caption is longer than 1000 characters.",
    ),
    (
        "lib_error_alt_long",
        "وصف الصورة أطول من 500 حرف.",
        "The alt text is longer than 500 characters.",
    ),
    (
        "lib_error_credit_long",
        "اسم المصدر أطول من 200 حرف.",
        "The credit is longer than 200 characters.",
    ),
    (
        "lib_error_unknown_agency",
        "الوكالة المختارة غير معروفة. أعد تحميل الصفحة واختر من القائمة.",
        "The chosen agency is unknown. Reload the page and pick from the list.",
    ),
    // accounts, tokens, audit log, own account (admin.rs)
    (
        "adm_forbidden_title",
        "لرئيس التحرير فقط",
        "For the editor in chief only",
    ),
    (
        "adm_forbidden",
        "إدارة الحسابات ورموز الواجهة البرمجية وسجل التدقيق من صلاحيات رئيس التحرير وحده. دورك: {role}.",
        "Accounts, API tokens and the audit log are for the editor in chief only. Your role: {role}.",
    ),
    ("adm_section_nav", "إدارة الحسابات", "Account management"),
    ("adm_users_title", "الحسابات", "Accounts"),
    ("adm_tokens_title", "رموز الواجهة البرمجية", "API tokens"),
    ("adm_account_title", "حسابي", "My account"),
    ("adm_name", "الاسم", "Name"),
    ("adm_role", "الدور", "Role"),
    ("adm_state", "الحالة", "State"),
    ("adm_created", "أُنشئ", "Created"),
    ("adm_actions", "إجراءات", "Actions"),
    ("adm_active", "نشط", "Active"),
    ("adm_disabled", "معطّل", "Disabled"),
    ("adm_you", "أنت", "you"),
    (
        "adm_new_role_for",
        "الدور الجديد لـ{name}",
        "New role for {name}",
    ),
    ("adm_change_role", "تغيير الدور", "Change role"),
    (
        "adm_disable_named",
        "تعطيل حساب {name}",
        "Disable {name}'s account",
    ),
    (
        "adm_enable_named",
        "تفعيل حساب {name}",
        "Enable {name}'s account",
    ),
    ("adm_disable", "تعطيل", "Disable"),
    ("adm_enable", "تفعيل", "Enable"),
    ("adm_add_user", "إضافة حساب", "Add an account"),
    (
        "adm_display_name",
        "الاسم كما يظهر في التوقيع",
        "Name as it appears in bylines",
    ),
    (
        "adm_add_user_hint",
        "تُولَّد كلمة مرور لمرة واحدة وتظهر مرة واحدة فقط بعد الإضافة.",
        "A one-time password is generated and shown once, after adding.",
    ),
    (
        "adm_user_created",
        "أُنشئ حساب {name} ({email}). كلمة المرور:",
        "The account of {name} ({email}) was created. Its password:",
    ),
    (
        "adm_shown_once",
        "انسخها الآن وسلّمها لصاحبها؛ لن تظهر مرة أخرى.",
        "Copy it now and hand it over; it will not be shown again.",
    ),
    ("adm_done_role", "تغيّر الدور.", "The role was changed."),
    (
        "adm_done_disabled",
        "عُطّل الحساب وأُنهيت جلساته.",
        "The account was disabled and logged out.",
    ),
    (
        "adm_done_enabled",
        "فُعّل الحساب.",
        "The account was enabled.",
    ),
    ("adm_done_revoked", "أُلغي الرمز.", "The token was revoked."),
    (
        "adm_done_password",
        "تغيّرت كلمة المرور.",
        "Your password was changed.",
    ),
    (
        "adm_error_email_taken",
        "هذا البريد الإلكتروني مستخدم لحساب آخر.",
        "This e-mail address belongs to another account.",
    ),
    (
        "adm_error_email_invalid",
        "اكتب عنوان بريد إلكتروني صحيحاً.",
        "Type a valid e-mail address.",
    ),
    ("adm_error_name_empty", "اكتب الاسم.", "Type the name."),
    (
        "adm_error_self",
        "لا يمكنك تعطيل حسابك أو خفض دورك بنفسك.",
        "You cannot disable or demote your own account.",
    ),
    (
        "adm_error_password",
        "كلمة المرور قصيرة: استخدم 10 أحرف على الأقل.",
        "The password is too short: use at least 10 characters.",
    ),
    (
        "adm_error_current_password",
        "كلمة المرور الحالية غير صحيحة.",
        "The current password is wrong.",
    ),
    (
        "adm_error_confirm",
        "كلمتا المرور الجديدتان غير متطابقتين.",
        "The two new passwords differ.",
    ),
    (
        "adm_error_label",
        "اكتب وصفاً للرمز يبيّن استخدامه.",
        "Say what the token is for.",
    ),
    (
        "adm_error_no_account",
        "لا يوجد حساب بهذا البريد الإلكتروني.",
        "No account has this e-mail address.",
    ),
    (
        "adm_tokens_intro",
        "يعمل كل رمز باسم حساب في واجهة الكتابة البرمجية.",
        "Each token acts as an account on the write API.",
    ),
    ("adm_token_label", "الاستخدام", "Purpose"),
    (
        "adm_token_label_hint",
        "مثل: مستورد أخبار الوكالات.",
        "For example: the wire importer.",
    ),
    ("adm_token_account", "الحساب", "Account"),
    ("adm_token_last_used", "آخر استخدام", "Last used"),
    ("adm_never", "لم يُستخدم", "Never"),
    ("adm_revoked", "ملغى", "Revoked"),
    (
        "adm_revoke_named",
        "إلغاء الرمز «{label}»",
        "Revoke the token “{label}”",
    ),
    ("adm_revoke", "إلغاء", "Revoke"),
    ("adm_create_token", "إنشاء رمز", "Create a token"),
    ("adm_no_tokens", "لا رموز بعد.", "No tokens yet."),
    (
        "adm_token_created",
        "الرمز «{label}» للحساب {email}:",
        "The token “{label}” for {email}:",
    ),
    ("adm_audit_filter", "الموضوع", "Subject"),
    (
        "adm_audit_filter_hint",
        "مثل article:12 أو user:3. اتركه فارغاً لعرض الكل.",
        "Such as article:12 or user:3. Leave empty for everything.",
    ),
    ("adm_audit_all", "عرض الكل", "Show everything"),
    (
        "adm_audit_empty",
        "لا قيود في السجل.",
        "The log has no entries.",
    ),
    ("adm_audit_action", "الإجراء", "Action"),
    ("adm_audit_detail", "التفاصيل", "Details"),
    (
        "adm_audit_only_this",
        "قيود هذا الموضوع فقط",
        "Only this subject",
    ),
    ("adm_actor_import", "الاستيراد", "Import"),
    (
        "adm_status_change",
        "من «{from}» إلى «{to}»",
        "from {from} to {to}",
    ),
    (
        "adm_action_article_status",
        "تغيير حالة المقال",
        "Article state changed",
    ),
    (
        "adm_action_article_corrected",
        "تصحيح مقال منشور",
        "Published article corrected",
    ),
    (
        "adm_action_article_restored",
        "استعادة نسخة سابقة",
        "Earlier version restored",
    ),
    ("adm_action_user_created", "إنشاء حساب", "Account created"),
    ("adm_action_user_updated", "تعديل حساب", "Account changed"),
    (
        "adm_action_user_password",
        "تغيير كلمة المرور",
        "Password changed",
    ),
    ("adm_action_token_created", "إنشاء رمز", "Token created"),
    ("adm_action_token_revoked", "إلغاء رمز", "Token revoked"),
    (
        "adm_action_sessions_revoked",
        "الخروج من كل الأجهزة",
        "Logged out everywhere",
    ),
    ("adm_my_details", "بياناتي", "My details"),
    (
        "adm_change_password",
        "تغيير كلمة المرور",
        "Change password",
    ),
    (
        "adm_current_password",
        "كلمة المرور الحالية",
        "Current password",
    ),
    ("adm_new_password", "كلمة المرور الجديدة", "New password"),
    (
        "adm_confirm_password",
        "أعد كتابة كلمة المرور الجديدة",
        "New password again",
    ),
    (
        "adm_password_hint",
        "{min} أحرف على الأقل. العبارات الطويلة أفضل.",
        "At least {min} characters. Long passphrases are best.",
    ),
    ("adm_sessions", "الأجهزة المتصلة", "Logged-in browsers"),
    ("adm_session_started", "بدأت", "Started"),
    ("adm_session_last_seen", "آخر نشاط", "Last active"),
    ("adm_session_expires", "تنتهي", "Expires"),
    ("adm_session_browser", "المتصفح", "Browser"),
    ("adm_session_address", "العنوان", "Address"),
    ("adm_this_browser", "هذا المتصفح", "This browser"),
    (
        "adm_logout_everywhere_hint",
        "يُنهي كل الجلسات، ومنها هذه. استخدمه إن نسيت جهازاً متصلاً أو شككت في كلمة المرور.",
        "Ends every session, this one included. Use it if you left a device logged in or suspect your password.",
    ),
    ("sections", "الأقسام", "Sections"),
    ("adm_sections_title", "أقسام الموقع", "Site sections"),
    ("adm_section_slug", "المعرّف في الرابط", "Address slug"),
    (
        "adm_section_slug_hint",
        "اختياري: يُشتق من الاسم إن تُرك فارغاً.",
        "Optional: made from the name when left empty.",
    ),
    ("adm_section_parent", "القسم الأب", "Parent section"),
    (
        "adm_section_no_parent",
        "بلا (قسم رئيسي)",
        "None (top level)",
    ),
    ("adm_section_position", "الترتيب", "Position"),
    ("adm_add_section", "إضافة قسم", "Add a section"),
    ("adm_done_section", "أُضيف القسم.", "The section was added."),
    (
        "adm_error_section_name",
        "اكتب اسم القسم.",
        "Type the section's name.",
    ),
    (
        "adm_error_section_slug",
        "لا يصلح هذا المعرّف للرابط: استخدم حروفاً أو أرقاماً.",
        "This slug cannot be used in an address: use letters or digits.",
    ),
    (
        "adm_error_section_slug_taken",
        "هذا المعرّف مستخدم لقسم آخر. اختر معرّفاً غيره.",
        "Another section already has this slug. Choose another.",
    ),
    (
        "adm_error_section_parent",
        "القسم الأب المختار غير موجود.",
        "The chosen parent section does not exist.",
    ),
];

static STRINGS: LazyLock<[BTreeMap<&'static str, &'static str>; 2]> = LazyLock::new(|| {
    let ar = TABLE.iter().map(|(k, ar, _)| (*k, *ar)).collect();
    let en = TABLE.iter().map(|(k, _, en)| (*k, *en)).collect();
    [ar, en]
});

/// Every string of `lang`, by key.
pub fn strings(lang: Lang) -> &'static BTreeMap<&'static str, &'static str> {
    &STRINGS[lang as usize]
}

/// One string; the key itself when missing (a visible mistake, never a panic).
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    strings(lang).get(key).copied().unwrap_or(key)
}

pub fn status_label(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Draft => tr(lang, "status_draft"),
        Status::InReview => tr(lang, "status_in_review"),
        Status::Scheduled => tr(lang, "status_scheduled"),
        Status::Embargoed => tr(lang, "status_embargoed"),
        Status::Published => tr(lang, "status_published"),
        Status::Unpublished => tr(lang, "status_unpublished"),
    }
}

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Writer => tr(lang, "role_writer"),
        Role::Editor => tr(lang, "role_editor"),
        Role::Chief => tr(lang, "role_chief"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_has_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for (key, ar, en) in TABLE {
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(!ar.is_empty() && !en.is_empty(), "{key}");
        }
        for status in Status::ALL {
            assert_ne!(
                status_label(Lang::Ar, status),
                status_label(Lang::En, status)
            );
        }
    }

    #[test]
    fn the_query_wins_over_the_cookie() {
        let request = axum::http::Request::builder()
            .uri("/newsroom?x=1&lang=en")
            .header(header::COOKIE, "warraq_lang=ar")
            .body(())
            .unwrap();
        let (parts, _) = request.into_parts();
        assert_eq!(Lang::of_request(&parts), Lang::En);
        let request = axum::http::Request::builder()
            .uri("/newsroom")
            .header(header::COOKIE, "a=b; warraq_lang=en")
            .body(())
            .unwrap();
        let (parts, _) = request.into_parts();
        assert_eq!(Lang::of_request(&parts), Lang::En);
    }
}
