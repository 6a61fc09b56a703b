from axes.models import AccessAttempt
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from serving.lockouts import LockoutPermissionPolicy, SignInLockoutViewSet

register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_sign_in_lockouts():
    return SignInLockoutViewSet("sign_in_lockouts")
