"""Auth, the current user, and workspaces with their members."""

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from interview_tracker import services
from interview_tracker.audit import audit_csv, audit_events, audit_jsonl
from interview_tracker.backends import sign_in_retry_after
from interview_tracker.errors import InvitationUnclaimed
from interview_tracker.forms import INVITED_MESSAGE, invited_account_claim
from interview_tracker.models import Membership, User, Workspace
from interview_tracker.typing import AuthedRequest

from .authentication import TokenRefreshSerializer, revoke_access_token
from .permissions import IsWorkspaceOwner, IsWorkspaceStaff
from .serializers import (
    AccountDeleteSerializer,
    AuditLogQuerySerializer,
    InvitationMailedSerializer,
    LoginSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    RefreshSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSerializer,
    WorkspaceSerializer,
)
from .throttling import ScopedRateThrottle

OTP_REQUIRED = (
    "Two-factor sign-in is on for this account: send the authenticator app's current code "
    "(or a recovery code) as `otp`."
)


class AuthView(APIView):
    """Endpoints that take a password: anonymous, with a tight per-client throttle scope."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(AuthView):
    @extend_schema(
        request=RegisterSerializer,
        responses={
            201: UserSerializer,
            202: OpenApiResponse(
                InvitationMailedSerializer,
                description="The address was invited: a link to choose the password was mailed.",
            ),
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            user = services.user_register(**serializer.validated_data)
        except InvitationUnclaimed as exc:
            # The account becomes the registrant's once they prove the mailbox.
            invited_account_claim(request._request, exc.user)
            body = {"detail": INVITED_MESSAGE}
            return Response(InvitationMailedSerializer(body).data, status=status.HTTP_202_ACCEPTED)
        request.user = user
        return Response(
            UserSerializer(user, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class LoginView(AuthView):
    @extend_schema(request=LoginSerializer, responses={200: TokenPairSerializer}, tags=["auth"])
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
        )
        if (retry_after := sign_in_retry_after(request)) is not None:
            raise Throttled(wait=retry_after)
        if user is None:
            raise AuthenticationFailed("Invalid e-mail or password.")
        # Two-factor sign-in holds for the API too: a password alone would bypass it.
        if services.user_has_two_factor(user):
            otp = serializer.validated_data.get("otp", "")
            if not otp:
                raise AuthenticationFailed(OTP_REQUIRED)
            if not services.two_factor_verify(user=user, code=otp):
                raise AuthenticationFailed("Invalid two-factor code.")
        refresh = RefreshToken.for_user(user)
        User.objects.filter(pk=user.pk).update(last_login=refresh.current_time)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class RefreshView(AuthView):
    @extend_schema(request=RefreshSerializer, responses={200: TokenPairSerializer}, tags=["auth"])
    def post(self, request: Request) -> Response:
        serializer = TokenRefreshSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise AuthenticationFailed(str(exc)) from exc
        return Response(serializer.validated_data)


class LogoutView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        request=RefreshSerializer,
        responses={204: OpenApiResponse(description="Logged out")},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as exc:
            raise AuthenticationFailed(str(exc)) from exc
        if isinstance(request.auth, AccessToken):  # called with its access token: end it too
            revoke_access_token(request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=UserSerializer, tags=["auth"])
    def get(self, request: AuthedRequest) -> Response:
        return Response(UserSerializer(request.user, context={"request": request}).data)

    @extend_schema(request=UserSerializer, responses=UserSerializer, tags=["auth"])
    def patch(self, request: AuthedRequest) -> Response:
        serializer = UserSerializer(
            request.user, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **serializer.validated_data)
        return Response(UserSerializer(user, context={"request": request}).data)

    @extend_schema(request=AccountDeleteSerializer, responses={204: None}, tags=["auth"])
    def delete(self, request: AuthedRequest) -> Response:
        """Delete the account, confirmed by its password."""
        serializer = AccountDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_delete(user=request.user, password=serializer.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportView(APIView):
    @extend_schema(
        responses=OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description="The account's data: `user`, `memberships`, `activity`, "
            "`status_changes`, `messages`, `scorecards`.",
        ),
        tags=["auth"],
    )
    def get(self, request: AuthedRequest) -> Response:
        """Everything the product holds about the signed-in user, to download."""
        response = Response(services.user_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="account-data.json"'
        return response


@extend_schema(tags=["workspaces"])
class WorkspaceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    request: AuthedRequest
    serializer_class = WorkspaceSerializer
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]
    filterset_fields = ["is_personal"]

    def get_queryset(self) -> QuerySet[Workspace]:
        return Workspace.objects.for_user(self.request.user).order_by("name", "id")

    def get_permissions(self) -> list[Any]:
        # Staff may read who is in the workspace; only an owner changes it or its members.
        if self.action == "members" and self.request.method == "GET":
            return [IsAuthenticated(), IsWorkspaceStaff()]
        if self.action in {"update", "partial_update", "members", "member", "audit_log"}:
            return [IsAuthenticated(), IsWorkspaceOwner()]
        return [IsAuthenticated()]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The audit log's ``format`` names its file format, not one of DRF's renderers; its
        # errors (and only they) go through the renderers, as JSON.
        if self.action == "audit_log":
            renderer = self.get_renderers()[0]
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        parameters=[AuditLogQuerySerializer],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/jsonl"): OpenApiTypes.STR,
        },
    )
    @action(detail=True, methods=["get"], url_path="audit-log", filter_backends=[])
    def audit_log(self, request: Request, pk: str | None = None) -> StreamingHttpResponse:
        """The workspace's activity from ``from`` to ``to`` (ISO dates or datetimes; a date
        ``to`` includes that day) as CSV or JSON lines, streamed; owners only."""
        workspace = self.get_object()
        query = AuditLogQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        events = audit_events(workspace=workspace, start=params["start"], end=params["end"])
        csv_wanted = params["format"] == "csv"
        response = StreamingHttpResponse(
            audit_csv(events) if csv_wanted else audit_jsonl(events),
            content_type="text/csv; charset=utf-8" if csv_wanted else "application/jsonl",
        )
        stamp = timezone.now().strftime("%Y%m%d")
        extension = "csv" if csv_wanted else "jsonl"
        response["Content-Disposition"] = (
            f'attachment; filename="audit-log-{workspace.pk}-{stamp}.{extension}"'
        )
        return response

    def perform_create(self, serializer: WorkspaceSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.workspace_create(
            owner=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: WorkspaceSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.workspace_update(
            workspace=serializer.instance,  # type: ignore[arg-type]
            **serializer.validated_data,
        )

    @extend_schema(methods=["GET"], responses=MembershipSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=MembershipCreateSerializer, responses={201: MembershipSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        workspace = self.get_object()
        if request.method == "POST":
            serializer = MembershipCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            membership = services.member_add(workspace=workspace, **serializer.validated_data)
            return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)
        queryset = Membership.objects.filter(workspace=workspace).select_related("user")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    @extend_schema(methods=["PATCH"], request=MembershipSerializer, responses=MembershipSerializer)
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(
        detail=True, methods=["patch", "delete"], url_path=r"members/(?P<member_id>[0-9a-f-]{36})"
    )
    def member(self, request: Request, pk: str | None = None, member_id: str = "") -> Response:
        workspace = self.get_object()
        membership = get_object_or_404(
            Membership.objects.select_related("user"), workspace=workspace, pk=member_id
        )
        if request.method == "DELETE":
            services.member_remove(membership=membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = MembershipSerializer(membership, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.member_change_role(
            membership=membership, role=serializer.validated_data.get("role", membership.role)
        )
        return Response(MembershipSerializer(membership).data)
