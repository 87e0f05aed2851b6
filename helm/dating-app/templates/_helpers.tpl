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
{{- if kindIs "invalid" .Values.config.trustProxy }}{{ or .Values.ingress.enabled .Values.gatewayApi.enabled }}{{ else }}{{ .Values.config.trustProxy }}{{ end }}
{{- end }}

{{/*
The controller in front of the app: `ingress.className` with the Ingress, else `gatewayApi.controller`
with only the HTTPRoute, else `ingress.className` (the default peer of a NetworkPolicy with neither).
*/}}
{{- define "dating-app.controller" -}}
{{- if .Values.ingress.enabled }}{{ .Values.ingress.className }}{{ else if .Values.gatewayApi.enabled }}{{ .Values.gatewayApi.controller }}{{ else }}{{ .Values.ingress.className }}{{ end }}
{{- end }}

{{/*
The NetworkPolicy peer of the ingress controller: the selectors given, else the stock install of the
controller (k3s's Traefik in kube-system; ingress-nginx's chart in ingress-nginx). Empty for other controllers
without selectors (the validation asks for them when the Ingress or HTTPRoute is on).
*/}}
{{- define "dating-app.controllerPeer" -}}
{{- $np := .Values.networkPolicy }}
{{- $controller := include "dating-app.controller" . }}
{{- $defaults := dict
  "traefik" (dict "ns" "kube-system" "pod" "traefik")
  "nginx" (dict "ns" "ingress-nginx" "pod" "ingress-nginx") }}
{{- $known := get $defaults $controller }}
{{- $ns := $np.ingressControllerNamespaceSelector }}
{{- $pod := $np.ingressControllerPodSelector }}
{{- if and (not $ns) $known }}{{ $ns = dict "matchLabels" (dict "kubernetes.io/metadata.name" $known.ns) }}{{ end }}
{{- if and (not $pod) $known }}{{ $pod = dict "matchLabels" (dict "app.kubernetes.io/name" $known.pod) }}{{ end }}
{{- if or $ns $pod }}
- namespaceSelector:
    {{- toYaml (default dict $ns) | nindent 4 }}
  podSelector:
    {{- toYaml (default dict $pod) | nindent 4 }}
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
{{- $np := .Values.networkPolicy }}
{{- if and $np.enabled (or .Values.ingress.enabled .Values.gatewayApi.enabled) (not (include "dating-app.controllerPeer" . | trim)) (not $np.loadBalancerSubnetCidrs) (not $np.extraIngressFrom) }}
{{- fail (printf "networkPolicy: controller %q has no default peer; set networkPolicy.ingressControllerNamespaceSelector and ingressControllerPodSelector, loadBalancerSubnetCidrs or extraIngressFrom (or networkPolicy.enabled=false)" (include "dating-app.controller" .)) }}
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

{{/* A size like `12m` (nginx's notation: k, m, g, powers of 1024) in bytes. */}}
{{- define "dating-app.bytes" -}}
{{- $text := lower (toString .) }}
{{- $unit := trimAll "0123456789" $text }}
{{- $number := int64 (trimSuffix $unit $text) }}
{{- $factor := get (dict "" 1 "k" 1024 "m" 1048576 "g" 1073741824) $unit }}
{{- mul $number $factor }}
{{- end }}

{{- define "dating-app.backupSelectorLabels" -}}
{{ include "dating-app.selectorLabels" . }}
app.kubernetes.io/component: backup
{{- end }}

{{- define "dating-app.backupClaimName" -}}
{{- default (printf "%s-backups" (include "dating-app.fullname" .)) .Values.backup.pvc.existingClaim }}
{{- end }}

{{/*
The backup and restore pods (files/backup.sh in the PostgreSQL image, files/backup.mjs in the app image, both
mounted from the scripts ConfigMap): their shared environment, volumes and security settings.
*/}}
{{- define "dating-app.backupEnv" -}}
{{- $b := .Values.backup -}}
env:
  - name: HOME
    value: /tmp
  - name: BACKUP_WORK
    value: /work
  - name: BACKUP_PREFIX
    value: {{ $b.prefix | quote }}
  - name: BACKUP_KEEP
    value: {{ $b.keep | quote }}
  - name: BACKUP_DESTINATION
    value: {{ $b.destination | quote }}
{{- if eq $b.destination "pvc" }}
  - name: BACKUP_DIR
    value: /backups
{{- else }}
  - name: S3_BUCKET
    value: {{ $b.s3.bucket | quote }}
  - name: S3_PREFIX
    value: {{ $b.s3.prefix | quote }}
  - name: S3_ENDPOINT
    value: {{ $b.s3.endpoint | quote }}
  - name: S3_REGION
    value: {{ $b.s3.region | quote }}
  - name: S3_FORCE_PATH_STYLE
    value: {{ $b.s3.forcePathStyle | quote }}
{{- if $b.s3.existingSecret }}
  - name: AWS_ACCESS_KEY_ID
    valueFrom:
      secretKeyRef:
        name: {{ $b.s3.existingSecret }}
        key: {{ $b.s3.accessKeyIdKey }}
  - name: AWS_SECRET_ACCESS_KEY
    valueFrom:
      secretKeyRef:
        name: {{ $b.s3.existingSecret }}
        key: {{ $b.s3.secretAccessKeyKey }}
{{- end }}
{{- end }}
  - name: BACKUP_ENCRYPTION
    value: {{ ternary "openssl" "none" $b.encryption.enabled | quote }}
{{- if $b.encryption.enabled }}
  - name: BACKUP_KEY_FILE
    value: /keys/passphrase
{{- end }}
{{- include "dating-app.databaseEnv" (dict "root" . "urlSecretName" (include "dating-app.secretName" .)) }}
{{- end }}

{{- define "dating-app.backupVolumeMounts" -}}
volumeMounts:
  - name: work
    mountPath: /work
  - name: scripts
    mountPath: /scripts
    readOnly: true
  - name: tmp
    mountPath: /tmp
{{- if eq .Values.backup.destination "pvc" }}
  - name: backups
    mountPath: /backups
{{- end }}
{{- if .Values.backup.encryption.enabled }}
  - name: keys
    mountPath: /keys
    readOnly: true
{{- end }}
{{- end }}

{{- define "dating-app.backupPodSpec" -}}
restartPolicy: Never
automountServiceAccountToken: false
enableServiceLinks: false
serviceAccountName: {{ include "dating-app.serviceAccountName" . }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: work
    emptyDir: {}
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.tmpSizeLimit }}
  - name: scripts
    configMap:
      name: {{ include "dating-app.fullname" . }}-backup-scripts
      defaultMode: 0555
{{- if eq .Values.backup.destination "pvc" }}
  - name: backups
    persistentVolumeClaim:
      claimName: {{ include "dating-app.backupClaimName" . }}
{{- end }}
{{- if .Values.backup.encryption.enabled }}
  - name: keys
    secret:
      secretName: {{ .Values.backup.encryption.existingSecret }}
      defaultMode: 0400
      items:
        - key: {{ .Values.backup.encryption.key }}
          path: passphrase
{{- end }}
{{- end }}

{{/* The PostgreSQL-image container of a backup pod: backup.sh <command>, as the app's non-root user. */}}
{{- define "dating-app.backupPgContainer" -}}
- name: {{ .name }}
  image: {{ include "dating-app.postgresqlImage" .root }}
  imagePullPolicy: {{ .root.Values.postgresql.image.pullPolicy }}
  command: ["sh", "/scripts/backup.sh", {{ .command | quote }}]
  {{- include "dating-app.backupEnv" .root | nindent 2 }}
  {{- include "dating-app.backupVolumeMounts" .root | nindent 2 }}
  securityContext:
    {{- toYaml .root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .root.Values.backup.resources | nindent 4 }}
{{- end }}

{{/* The app-image container of a backup pod: node backup.mjs <args>. */}}
{{- define "dating-app.backupNodeContainer" -}}
- name: {{ .name }}
  image: {{ include "dating-app.image" .root }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command: ["node", "/scripts/backup.mjs", {{ range $i, $a := .args }}{{ if $i }}, {{ end }}{{ $a | quote }}{{ end }}]
  {{- include "dating-app.backupEnv" .root | nindent 2 }}
  {{- include "dating-app.backupVolumeMounts" .root | nindent 2 }}
  securityContext:
    {{- toYaml .root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .root.Values.backup.resources | nindent 4 }}
{{- end }}
