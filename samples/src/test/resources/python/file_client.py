from socket import *
import struct
import json
import os
import hashlib
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8083  # jstruct: port from argv
# jstruct: the tutorial's upload exercise in the seed's style, with the header dict of file-server
ss=socket(AF_INET,SOCK_STREAM)
ss.connect(('127.0.0.1',PORT))
while True:
    path=input('>>: ').strip()
    if not path:continue
    size=os.path.getsize(path)
    sha=hashlib.sha256()
    with open(path,'rb') as f:
        for line in f:
            sha.update(line)
    #制作报头
    header_dic={'name':os.path.basename(path),'size':size,'sha256':sha.hexdigest(),'total_size':size}
    header_bytes=json.dumps(header_dic).encode('utf-8')
    ss.send(struct.pack('i',len(header_bytes)))
    ss.send(header_bytes)
    with open(path,'rb') as f:
        for line in f:
            ss.send(line)
    #收回复
    obj=ss.recv(4)
    header_size=struct.unpack('i',obj)[0]
    answer=json.loads(ss.recv(header_size).decode('utf-8'))
    print(answer['status'],answer['message'])
