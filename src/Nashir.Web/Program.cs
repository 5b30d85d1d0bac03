using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.Demo;
using Nashir.Web.Features.Feeds;
using Nashir.Web.Features.FrontPage;
using Nashir.Web.Features.Import;
using Nashir.Web.Features.Menus;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.Sections;
using Nashir.Web.Features.Settings;
using Nashir.Web.Features.SignIn;
using Nashir.Web.Features.Social;
using Nashir.Web.Features.StaticPages;
using Nashir.Web;
using Nashir.Web.Pages;
using Nashir.Web.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);
// First of all hosted services: migrations, first admin and demo content before anything else starts.
builder.Services.AddHostedService<SiteInitializer>();
builder.AddNashirPlatform();
builder.Services.AddAccounts();
builder.Services.AddSignInSecurity();
builder.Services.AddSiteSettings();
builder.Services.AddArticles();
builder.Services.AddAudit();
builder.Services.AddComments(builder.Configuration);
builder.Services.AddDemoContent();
builder.Services.AddSearch();
builder.Services.AddFeeds();
builder.Services.AddSocial(builder.Configuration);
builder.Services.AddWordPressImport();
builder.Services.AddStaticPages();
builder.Services.AddFrontPage(builder.Configuration);
builder.Services.AddSections();
builder.Services.AddMenus();
builder.Services.AddScoped<CommentsScreen>();
builder.Services.AddRazorPages(pages =>
{
    pages.Conventions.AuthorizeAreaFolder("Admin", "/", AccountsSetup.StaffPolicy);
    pages.Conventions.AllowAnonymousToAreaPage("Admin", "/Login");
    pages.Conventions.AllowAnonymousToAreaPage("Admin", "/Denied");
    foreach (var page in (string[])["/Login/TwoFactor", "/Login/RecoveryCode", "/ForgotPassword", "/ResetPassword"])
        pages.Conventions.AllowAnonymousToAreaPage("Admin", page);
    pages.Conventions.AddAreaPageRoute("Admin", "/Edit", "admin/articles/new");
    pages.Conventions.AddAreaPageRoute("Admin", "/StaticPages/Edit", "admin/pages/new");
});

var app = builder.Build();
if (await NashirCommands.TryRunAsync(app, args)) return;

app.UseArticleReads();
app.UseNashirPlatform();
app.UseSignInSecurity();
app.UseWordPressLegacy();
app.MapArticlesApi();
app.MapSearchApi();
app.MapCommentsApi();
app.MapFeedsAndSitemaps();
app.MapBreakingNews();
// WithStaticAssets: tag helpers link the fingerprinted file names (year-long immutable caching), not ?v= query strings.
app.MapRazorPages().WithStaticAssets();
app.Run();

/// <summary>Entry point; public so tests can host the real pipeline (WebApplicationFactory).</summary>
public partial class Program;
