{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "dating-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the prefix of every resource name. */}}
{{- define "dating-app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dating-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "dating-app.labels" -}}
helm.sh/chart: {{ include "dating-app.chart" . }}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "dating-app.name" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels shared by all components; each component adds app.kubernetes.io/component. */}}
{{- define "dating-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dating-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "dating-app.appSelectorLabels" -}}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/component: app
{{- end }}

{{- define "dating-app.postgresqlSelectorLabels" -}}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/component: postgresql
{{- end }}

{{- define "dating-app.migrateSelectorLabels" -}}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/component: migrate
{{- end }}

{{- define "dating-app.testSelectorLabels" -}}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/component: test
{{- end }}

{{- define "dating-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dating-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag[@digest]; the tag defaults to appVersion and is never `latest` (see validate). */}}
{{- define "dating-app.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "dating-app.postgresqlImage" -}}
{{- $img := .Values.postgresql.image }}
{{- if $img.digest }}
{{- printf "%s:%s@%s" $img.repository $img.tag $img.digest }}
{{- else }}
{{- printf "%s:%s" $img.repository $img.tag }}
{{- end }}
{{- end }}

{{- define "dating-app.postgresqlFullname" -}}
{{- printf "%s-postgresql" (include "dating-app.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of the Secret with the PostgreSQL password (built-in database). */}}
{{- define "dating-app.postgresqlSecretName" -}}
{{- default (include "dating-app.postgresqlFullname" .) .Values.postgresql.auth.existingSecret }}
{{- end }}

{{/* Name of the chart's own Secret (JWT key and, for an external database given by URL, DATABASE_URL; SMTP_URL given by value). */}}
{{- define "dating-app.secretName" -}}
{{- include "dating-app.fullname" . }}
{{- end }}

{{/* Does the chart create its own Secret? */}}
{{- define "dating-app.createSecret" -}}
{{- if or (not .Values.secret.existingSecret) (and (eq .Values.database.mode "external") (not .Values.database.existingSecret)) (and .Values.mail.smtp.url (not .Values.mail.existingSecret)) }}true{{- end }}
{{- end }}

{{- define "dating-app.dataClaimName" -}}
{{- default (printf "%s-data" (include "dating-app.fullname" .)) .Values.media.persistence.existingClaim }}
{{- end }}

{{/* Pods that may run at once: replicaCount or the autoscaler's maximum. */}}
{{- define "dating-app.maxPods" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
{{- end }}

{{/* "true" when every app pod can reach the media from any node (S3, or a ReadWriteMany volume). */}}
{{- define "dating-app.sharedMedia" -}}
{{- if or (eq .Values.media.mode "s3") (has "ReadWriteMany" .Values.media.persistence.accessModes) }}true{{- end }}
{{- end }}

{{/*
Environment of every app-image container (app, migrate init container, migration Job): the ConfigMap
plus the secret variables, each taken by key from its Secret (never copied into the ConfigMap); the
database ones from `dating-app.databaseEnv`.
*/}}
{{- define "dating-app.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "dating-app.fullname" . }}
env:
  - name: JWT_SECRET
    valueFrom:
      secretKeyRef:
        name: {{ default (include "dating-app.secretName" .) .Values.secret.existingSecret }}
        key: {{ .Values.secret.jwtSecretKey }}
  # The key before the last rotation (still verifies its tokens until they expire); absent outside a rotation.
  - name: JWT_PREVIOUS_SECRET
    valueFrom:
      secretKeyRef:
        name: {{ default (include "dating-app.secretName" .) .Values.secret.existingSecret }}
        key: {{ .Values.secret.jwtPreviousSecretKey }}
        optional: true
{{- include "dating-app.databaseEnv" (dict "root" . "urlSecretName" (include "dating-app.secretName" .)) }}
{{- if or .Values.mail.existingSecret .Values.mail.smtp.url }}
  - name: SMTP_URL
    valueFrom:
      secretKeyRef:
        name: {{ default (include "dating-app.secretName" .) .Values.mail.existingSecret }}
        key: {{ ternary .Values.mail.existingSecretKey "SMTP_URL" (not (empty .Values.mail.existingSecret)) }}
{{- end }}
{{- if and (eq .Values.media.mode "s3") .Values.media.s3.existingSecret }}
  - name: AWS_ACCESS_KEY_ID
    valueFrom:
      secretKeyRef:
        name: {{ .Values.media.s3.existingSecret }}
        key: {{ .Values.media.s3.accessKeyIdKey }}
  - name: AWS_SECRET_ACCESS_KEY
    valueFrom:
      secretKeyRef:
        name: {{ .Values.media.s3.existingSecret }}
        key: {{ .Values.media.s3.secretAccessKeyKey }}
{{- end }}
{{- end }}

{{/*
TRUST_PROXY: `config.trustProxy` when set, else whether the chart's Ingress is in front (only a proxy we
control may be believed about the client address).
*/}}
{{- define "dating-app.trustProxy" -}}
{{- if kindIs "invalid" .Values.config.trustProxy }}{{ .Values.ingress.enabled }}{{ else }}{{ .Values.config.trustProxy }}{{ end }}
{{- end }}

{{/* PUBLIC_ORIGIN: config.publicOrigin, else the Ingress host (https with TLS), else empty (the runtime's default). */}}
{{- define "dating-app.publicOrigin" -}}
{{- if .Values.config.publicOrigin }}{{ trimSuffix "/" .Values.config.publicOrigin }}
{{- else if .Values.ingress.enabled }}{{ if .Values.ingress.tls.enabled }}https{{ else }}http{{ end }}://{{ .Values.ingress.host }}
{{- end }}
{{- end }}

{{/* Writable volumes of app-image containers: /tmp always; /data for the app. */}}
{{- define "dating-app.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{/* Stop with a clear message when values cannot work together (the schema checks each value alone). */}}
{{- define "dating-app.validate" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if eq $tag "latest" }}
{{- fail "image.tag: `latest` is not allowed; pin a version (or set image.digest)" }}
{{- end }}
{{- if and (gt (int (include "dating-app.maxPods" .)) 1) (not (include "dating-app.sharedMedia" .)) }}
{{- fail (printf "more than one app pod (replicaCount or autoscaling.maxReplicas = %s) needs media every pod can reach: set media.mode=s3, or media.persistence.accessModes to [ReadWriteMany] with a RWX storage class" (include "dating-app.maxPods" .)) }}
{{- end }}
{{- if and (eq .Values.database.mode "external") (not .Values.database.url) (not .Values.database.existingSecret) }}
{{- fail "database.mode=external needs database.url or database.existingSecret" }}
{{- end }}
{{- if and (eq .Values.database.mode "builtin") (or .Values.database.url .Values.database.existingSecret) }}
{{- fail "database.url and database.existingSecret apply to database.mode=external only (the built-in PostgreSQL is configured under postgresql)" }}
{{- end }}
{{- if and .Values.mail.smtp.url .Values.mail.existingSecret }}
{{- fail "mail.smtp.url and mail.existingSecret are alternatives: set one (the Secret holds the SMTP URL with its credentials)" }}
{{- end }}
{{- if and (eq .Values.media.mode "s3") (not .Values.media.s3.bucket) }}
{{- fail "media.mode=s3 needs media.s3.bucket" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail "autoscaling.maxReplicas must be at least autoscaling.minReplicas" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPUUtilizationPercentage) (not .Values.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail "autoscaling needs targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" }}
{{- end }}
{{- if and .Values.ingress.tls.enabled (not .Values.ingress.enabled) }}
{{- fail "ingress.tls.enabled needs ingress.enabled" }}
{{- end }}
{{- end }}

{{/*
The database variables (env list items) of every container that connects: the app, its migrate init
container and the migration Job. Built-in PostgreSQL: DATABASE_URL is assembled by the kubelet from the
password variable ($(VAR) expansion), so an existingSecret needs to hold only the password. External: the URL
by key from `database.existingSecret`, else from `urlSecretName` (the chart's Secret for the app; the hook
Secret for the Job, which runs before the release's own Secret exists).
Call with (dict "root" $ "urlSecretName" <name>).
*/}}
{{- define "dating-app.databaseEnv" -}}
{{- $v := .root.Values }}
{{- if eq $v.database.mode "builtin" }}
  - name: DATABASE_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ include "dating-app.postgresqlSecretName" .root }}
        key: {{ $v.postgresql.auth.passwordKey }}
  - name: DATABASE_URL
    value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s" $v.postgresql.auth.username (include "dating-app.postgresqlFullname" .root) $v.postgresql.auth.database | quote }}
{{- else }}
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef:
{{- if $v.database.existingSecret }}
        name: {{ $v.database.existingSecret }}
        key: {{ $v.database.existingSecretKey }}
{{- else }}
        name: {{ .urlSecretName }}
        key: DATABASE_URL
{{- end }}
{{- end }}
{{- end }}

{{/* Environment of the migration Job: inline (a hook cannot rely on the release's ConfigMap). */}}
{{- define "dating-app.migrateEnv" -}}
env:
  - name: STORE
    value: postgres
  # Nothing of the database lives here; the runtime only needs a writable folder.
  - name: DATA_DIR
    value: /tmp/data
  - name: LOG_LEVEL
    value: {{ .Values.config.logLevel | quote }}
  # libpq (pg_isready) would otherwise look up the name of uid 10001.
  - name: PGUSER
    value: {{ ternary .Values.postgresql.auth.username "postgres" (eq .Values.database.mode "builtin") | quote }}
{{- include "dating-app.databaseEnv" (dict "root" . "urlSecretName" (printf "%s-migrate" (include "dating-app.fullname" .))) }}
{{- end }}

{{/* NetworkPolicy egress rules shared by the app and the migration pods. */}}
{{- define "dating-app.dnsEgress" -}}
- to:
    - namespaceSelector:
        {{- toYaml .Values.networkPolicy.dnsNamespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml .Values.networkPolicy.dnsPodSelector | nindent 8 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}
{{- define "dating-app.databaseEgress" -}}
{{- if eq .Values.database.mode "builtin" }}
- to:
    - podSelector:
        matchLabels:
          {{- include "dating-app.postgresqlSelectorLabels" . | nindent 10 }}
  ports:
    - port: 5432
      protocol: TCP
{{- else }}
- ports:
    - port: {{ .Values.networkPolicy.externalDatabasePort }}
      protocol: TCP
  {{- with .Values.networkPolicy.externalDatabaseTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
