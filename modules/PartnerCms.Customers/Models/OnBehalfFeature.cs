namespace PartnerCms.Customers.Models;

/// <summary>
/// Set on a request made in an "Administer on behalf of" session (R18): who is administering which customer, for the
/// banner and the navigation's head this module puts on every page. The request's user is then the partner user acting
/// in the customer's organization.
/// </summary>
public sealed record OnBehalfFeature(string SessionId, string PartnerName, string UserDisplayName, string CustomerName, bool Full, string Roles = "");
